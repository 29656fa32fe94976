package gateway.lib.rtc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.junit.FuzzTest;
import gateway.lib.rtc.AudioSender;
import gateway.lib.rtc.LocalAudio;
import gateway.lib.rtc.PeerListener;
import gateway.lib.rtc.PeerState;
import gateway.lib.rtc.RtcPeer;
import gateway.lib.rtc.RtcTransport;
import gateway.lib.rtc.RtcTransportOptions;
import gateway.lib.rtc.SdpException;
import gateway.lib.rtc.SessionDescription;
import gateway.lib.rtc.SrtpProfile;
import gateway.lib.rtc.internal.dtls.DtlsFraming;
import gateway.lib.rtc.internal.rtp.Rtcp;
import gateway.lib.rtc.internal.rtp.Rtp;
import gateway.lib.rtc.internal.sdp.Candidate;
import gateway.lib.rtc.internal.sdp.RemoteFingerprint;
import gateway.lib.rtc.internal.srtp.InboundSrtp;
import gateway.lib.rtc.internal.stun.StunIntegrity;
import gateway.lib.rtc.internal.stun.StunMessage;
import gateway.lib.rtc.internal.stun.StunWriter;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Timeout;

/**
 * Coverage-guided fuzzing (Jazzer) of everything of this library a datagram or an SDP body from the network
 * reaches: the STUN, RTP, RTCP, DTLS-framing and SRTP readers, the SDP reader and negotiation, and a live
 * transport's receive loop. {@code mvn verify} replays the saved inputs in
 * {@code src/test/resources/gateway/lib/rtc/internal/WireFuzzTestInputs/<test>/}; the module's pom then fuzzes each
 * target for its {@code maxDuration}. The readers' documented ways to refuse input (null, a negative length,
 * {@link SdpException}, {@link IllegalArgumentException} for candidate and fingerprint values) are the only
 * allowed outcomes besides success; any other exception is a finding.
 */
class WireFuzzTest {
    static final byte[] KEY = new byte[16];
    static final byte[] SALT = new byte[14];
    static final byte[] GCM_SALT = new byte[12];

    /** One datagram of an input, framed as {@code [flags][length: 2 bytes][bytes]}. */
    record Datagram(int flags, byte[] bytes) {}

    static List<Datagram> datagrams(byte[] input) {
        List<Datagram> out = new ArrayList<>();
        int i = 0;
        while (i + 3 <= input.length && out.size() < 64) {
            int flags = input[i] & 0xFF;
            int length = Math.min(((input[i + 1] & 0xFF) << 8 | (input[i + 2] & 0xFF)) % 1501, input.length - i - 3);
            out.add(new Datagram(flags, Arrays.copyOfRange(input, i + 3, i + 3 + length)));
            i += 3 + length;
        }
        return out;
    }

    static byte[] frame(List<Datagram> datagrams) {
        ByteBuffer b = ByteBuffer.allocate(datagrams.stream().mapToInt(d -> 3 + d.bytes().length).sum());
        for (Datagram d : datagrams) b.put((byte) d.flags()).putShort((short) d.bytes().length).put(d.bytes());
        return b.array();
    }

    // ---------------------------------------------------------------- readers, in process

    @FuzzTest(maxDuration = "8s")
    @Timeout(value = 5, unit = TimeUnit.SECONDS)
    void parsersAcceptOrRejectAnyInput(byte[] input) {
        InboundSrtp cm = new InboundSrtp(SrtpProfile.AES_CM_128_HMAC_SHA1_80, KEY, SALT);
        InboundSrtp gcm = new InboundSrtp(SrtpProfile.AEAD_AES_128_GCM, KEY, GCM_SALT);
        CRC32 crc = new CRC32();
        StunIntegrity integrity = new StunIntegrity("fuzzingPasswordOf24Chars");
        for (Datagram d : datagrams(input)) {
            byte[] b = d.bytes();
            StunMessage m = StunMessage.parse(b, 0, b.length);
            if (m != null) {
                m.username();
                m.unsignedInt(StunMessage.ATTR_PRIORITY);
                m.longValue(StunMessage.ATTR_ICE_CONTROLLING);
                m.errorCode();
                m.xorMappedAddress();
                m.unknownRequired();
                m.fingerprintValid(crc);
                m.integrityValid(integrity);
                for (int i = 0; i < m.attributeCount(); i++) m.attributeType(i);
            }
            int header = Rtp.headerLength(b, 0, b.length);
            if (header >= 0) {
                assertTrue(header >= 12 && header <= b.length);
                Rtp.payloadLength(b, 0, b.length, header);
            }
            Rtcp.read(b, 0, b.length, new Rtcp.Visitor() { });
            DtlsFraming.wellFramed(b, 0, b.length);
            byte[] copy = b.clone();
            int n = (d.flags() & 1) == 0 ? cm.unprotectRtp(copy, 0, copy.length) : gcm.unprotectRtp(copy, 0, copy.length);
            assertTrue(n < 0 || n <= copy.length);
            copy = b.clone();
            n = (d.flags() & 2) == 0 ? cm.unprotectRtcp(copy, 0, copy.length) : gcm.unprotectRtcp(copy, 0, copy.length);
            assertTrue(n < 0 || n <= copy.length);
            String text = new String(b, StandardCharsets.ISO_8859_1);
            try {
                Candidate.parse(text);
            } catch (IllegalArgumentException refused) {
                // the documented refusal
            }
            try {
                RemoteFingerprint.parse(text);
            } catch (IllegalArgumentException refused) {
                // the documented refusal
            }
        }
    }

    // ---------------------------------------------------------------- SDP

    private static final gateway.lib.rtc.internal.sdp.LocalParameters LOCAL = new gateway.lib.rtc.internal.sdp.LocalParameters("fuzzUfrg",
            "fuzzingPasswordOf24Chars", "sha-256 00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF",
            1, "fuzz", List.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), 9)), true, 1);

    @FuzzTest(maxDuration = "8s")
    @Timeout(value = 5, unit = TimeUnit.SECONDS)
    void sdpParsesOrRefusesAnyText(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        SessionDescription sdp;
        try {
            sdp = SessionDescription.parse(text);
        } catch (SdpException refused) {
            return;
        }
        try {
            assertEquals(sdp, SessionDescription.parse(sdp.toString()), "what is written reads back the same");
        } catch (SdpException e) {
            fail("a description written here does not read back: " + e.getMessage());
        }
        for (LocalAudio audio : List.of(LocalAudio.send(), LocalAudio.receive())) {
            try {
                var answer = gateway.lib.rtc.internal.sdp.Negotiation.answer(sdp, audio, LOCAL);
                SessionDescription.parse(answer.sdp().toString());
            } catch (SdpException refused) {
                // the documented refusal
            }
            try {
                gateway.lib.rtc.internal.sdp.Negotiation.acceptAnswer(sdp, audio, LOCAL);
            } catch (SdpException refused) {
                // the documented refusal
            }
        }
    }

    // ---------------------------------------------------------------- a live transport

    private static RtcEngine server;
    private static RtcTransport client;
    private static DatagramChannel attacker;
    private static AudioSender healthy;
    private static RtcPeer healthyPeer;
    private static volatile RtcPeer victim;
    private static String victimPwd;

    private static synchronized void start() throws Exception {
        if (server != null) return;
        RtcTransportOptions options = RtcTransportOptions.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(30));
        server = RtcEngine.open(options);
        client = RtcTransport.open(options);
        attacker = DatagramChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        attacker.configureBlocking(false);
        CountDownLatch connected = new CountDownLatch(2);
        PeerListener onConnect = new PeerListener() {
            @Override
            public void onConnected(RtcPeer peer) {
                connected.countDown();
            }
        };
        RtcPeer listener = client.newControllingPeer(onConnect);
        healthyPeer = server.newPeer(onConnect);
        listener.accept(healthyPeer.answer(listener.offer(LocalAudio.receive()), LocalAudio.send()));
        if (!connected.await(10, TimeUnit.SECONDS)) throw new AssertionError("the healthy pair did not connect");
        healthy = healthyPeer.audioSender().orElseThrow();
    }

    /** A peer whose ICE password the attacker knows: its address validates, so its datagrams reach DTLS and SRTP. */
    private static void newVictim() throws Exception {
        RtcPeer offerer = client.newControllingPeer(new PeerListener() { });
        SessionDescription offer = offerer.offer(LocalAudio.receive());
        offerer.close();
        RtcPeer v = server.newPeer(new PeerListener() { });
        victimPwd = v.answer(offer, LocalAudio.send()).media().get(0).attribute("ice-pwd").orElseThrow();
        victim = v;
    }

    @AfterAll
    static synchronized void stop() throws IOException {
        if (server == null) return;
        server.close();
        client.close();
        attacker.close();
        server = null;
    }

    /**
     * Datagrams go through the transport's real socket and receive loop, one at a time, each awaited. Flags: 1 turns
     * the datagram into a correctly signed binding request for the victim peer carrying the bytes as a SOFTWARE
     * attribute (validating the attacker's address, so that later datagrams reach the victim's DTLS and SRTP);
     * 2 sets the first byte into the DTLS range (20-63), 4 into the RTP range (128-191).
     */
    @FuzzTest(maxDuration = "8s")
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void transportSurvivesAnyDatagrams(byte[] input) throws Exception {
        start();
        if (victim == null || victim.state() == PeerState.CLOSED) newVictim();
        long sequence = 0;
        for (Datagram d : datagrams(input)) {
            byte[] b = d.bytes();
            if ((d.flags() & 1) != 0) {
                byte[] out = new byte[b.length + 200];
                byte[] id = new byte[12];
                System.arraycopy(b, 0, id, 0, Math.min(12, b.length));
                StunWriter w = new StunWriter(out).start(StunMessage.BINDING_REQUEST, id).username(victim.id() + ":fuzz");
                w.unsignedInt(StunMessage.ATTR_PRIORITY, b.length);
                b = Arrays.copyOf(out, w.integrity(new StunIntegrity(victimPwd)).fingerprint(new CRC32()).length());
            } else if (b.length > 0 && (d.flags() & 2) != 0) {
                b[0] = (byte) (20 + (b[0] & 0xFF) % 44);
            } else if (b.length > 0 && (d.flags() & 4) != 0) {
                b[0] = (byte) (128 + (b[0] & 0xFF) % 64);
            }
            long before = server.stats().datagramsReceived();
            attacker.send(ByteBuffer.wrap(b), server.localAddress());
            awaitHandled(before + 1);
            ByteBuffer drain = ByteBuffer.allocate(2048);
            while (attacker.receive(drain) != null) drain.clear();
            healthy.send(sequence, sequence * 20_000, ByteBuffer.wrap(new byte[] {1, 2, 3}));
            sequence++;
        }
        assertEquals(0, server.stats().internalErrors(), "no datagram made the receive loop catch an exception");
        assertTrue(server.receiving(), "the receive loop runs");
        assertEquals(PeerState.CONNECTED, healthyPeer.state(), "the healthy session is untouched");
    }

    private static void awaitHandled(long count) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (server.stats().datagramsReceived() < count) {
            if (System.nanoTime() > deadline) fail("the receive loop did not handle a datagram within 5 s");
            if (!server.receiving()) fail("the receive loop ended");
            LockSupport.parkNanos(20_000);
        }
    }
}

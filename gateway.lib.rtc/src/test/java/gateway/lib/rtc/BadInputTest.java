package gateway.lib.rtc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.lib.rtc.internal.stun.StunIntegrity;
import gateway.lib.rtc.internal.stun.StunMessage;
import gateway.lib.rtc.internal.stun.StunWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/**
 * Hostile and broken datagrams against a transport with a live session: each kind is refused or dropped and
 * counted, and the session's audio goes on, every packet arriving.
 */
class BadInputTest {
    private static final Random RANDOM = new Random(42);

    @Test
    void everyKindOfBadInputIsCountedAndTheSessionGoesOn() throws Exception {
        try (RtcTransport server = LoopbackTest.transport(SrtpProfile.values()); RtcTransport client = LoopbackTest.transport(SrtpProfile.values());
             DatagramChannel attacker = DatagramChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            Pairs.Pair pair = Pairs.connect(server, client);
            InetSocketAddress target = server.localAddress();
            String ufrag = pair.server().id();
            Thread audio = Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 150; i++) {
                    pair.sender().send(i, i * 20_000L, ByteBuffer.wrap(new byte[] {(byte) i, 2, 3, 4, 5}));
                    sleep(20);
                }
            });
            TransportStats before = server.stats();

            // STUN with a wrong MESSAGE-INTEGRITY: answered 401, counted, nothing learnt
            byte[] wrong = stunRequest(ufrag + ":x", "not-the-password-of-the-peer", false);
            attacker.send(ByteBuffer.wrap(wrong), target);
            StunMessage answer = receiveStun(attacker);
            assertEquals(StunMessage.BINDING_ERROR, answer.type());
            assertEquals(401, answer.errorCode());
            // an unknown ICE username: 401 as well
            attacker.send(ByteBuffer.wrap(stunRequest("nobody:x", "whatever-password-123456", false)), target);
            assertEquals(401, receiveStun(attacker).errorCode());
            // malformed STUN (a length that is not the datagram's)
            attacker.send(ByteBuffer.wrap(new byte[] {0, 1, 0, 8, 0x21, 0x12, (byte) 0xA4, 0x42, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}), target);
            // DTLS and RTP from an address no ICE check validated
            attacker.send(ByteBuffer.wrap(dtlsRecord(22, 60)), target);
            attacker.send(ByteBuffer.wrap(rtp(100)), target);
            // neither STUN, DTLS nor RTP (RFC 7983)
            attacker.send(ByteBuffer.wrap(new byte[] {(byte) 250, 1, 2, 3}), target);
            awaitStats(server, s -> s.stunRejected() >= before.stunRejected() + 3 && s.unknownSource() >= before.unknownSource() + 2
                    && s.malformed() >= before.malformed() + 1, "STUN refusals, unknown sources and a malformed datagram counted");

            audio.join();
            LoopbackTest.await(() -> pair.clientEvents().payloads.size() == 150, "all 150 packets of the session arrived");
            assertEquals(PeerState.CONNECTED, pair.server().state());
            assertEquals(0, server.stats().internalErrors());
        }
    }

    @Test
    void garbageFromAValidatedAddressIsDroppedAndAHandshakeFloodIsBounded() throws Exception {
        try (RtcTransport server = LoopbackTest.transport(SrtpProfile.values()); RtcTransport client = LoopbackTest.transport(SrtpProfile.values());
             DatagramChannel attacker = DatagramChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            // a peer whose ICE credentials the attacker holds (it made the offer): its address validates
            LoopbackTest.Events events = new LoopbackTest.Events();
            RtcPeer victim = server.newPeer(events);
            RtcPeer other = client.newControllingPeer(new LoopbackTest.Events());
            SessionDescription offer = other.offer(LocalAudio.receive());
            SessionDescription answer = victim.answer(offer, LocalAudio.send());
            String pwd = answer.media().get(0).attribute("ice-pwd").orElseThrow();
            other.close();
            Pairs.Pair pair = Pairs.connect(server, client); // a second, healthy session
            InetSocketAddress target = server.localAddress();
            attacker.send(ByteBuffer.wrap(stunRequest(victim.id() + ":a", pwd, false)), target);
            assertEquals(StunMessage.BINDING_SUCCESS, receiveStun(attacker).type());
            TransportStats before = server.stats();

            // badly framed DTLS: dropped at the door
            byte[] garbage = new byte[80];
            RANDOM.nextBytes(garbage);
            garbage[0] = 22;
            garbage[1] = 0x01;
            attacker.send(ByteBuffer.wrap(garbage), target);
            // a flood of well-framed handshake records: the handshake's queue holds 32; what its thread has not taken by the
            // time the queue is full is dropped and counted. How many records its thread takes meanwhile depends on the
            // machine, so the flood goes on in bursts until one is dropped (a queue without a bound never drops: 20 000
            // records then fail the test)
            for (int burst = 0; burst < 40 && server.stats().dtlsDropped() == before.dtlsDropped(); burst++) {
                for (int i = 0; i < 500; i++) attacker.send(ByteBuffer.wrap(dtlsRecord(22, 100)), target);
                Thread.sleep(5);
            }
            // SRTP with a bad tag: the peer has no keys yet, so it is refused either way; counted
            attacker.send(ByteBuffer.wrap(rtp(60)), target);
            awaitStats(server, s -> s.malformed() > before.malformed() && s.dtlsDropped() > before.dtlsDropped()
                    && s.srtpRejected() > before.srtpRejected(), "framing, flood and SRTP refusals counted");
            // the flooded handshake fails in time (connect timeout) or on the garbage; the healthy session is untouched
            for (int i = 0; i < 50; i++) pair.sender().send(i, i * 20_000L, ByteBuffer.wrap(new byte[] {1, 2, 3}));
            LoopbackTest.await(() -> pair.clientEvents().payloads.size() == 50, "the healthy session's 50 packets arrived");
            assertEquals(0, server.stats().internalErrors());
        }
    }

    @Test
    void srtpWithABadTagFromAConnectedPeersAddressIsRejected() throws Exception {
        try (RtcTransport server = LoopbackTest.transport(SrtpProfile.values()); RtcTransport client = LoopbackTest.transport(SrtpProfile.values());
             DatagramChannel forger = DatagramChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            Pairs.Pair pair = Pairs.connect(server, client);
            // the forger holds the peer's ICE password, so its address is validated for that peer (without nominating it)
            forger.send(ByteBuffer.wrap(stunRequest(pair.server().id() + ":f", pair.serverPwd(), false)), server.localAddress());
            assertEquals(StunMessage.BINDING_SUCCESS, receiveStun(forger).type());
            long rejected = pair.server().stats().srtpRejected();
            forger.send(ByteBuffer.wrap(rtp(60)), server.localAddress()); // an SRTP packet whose tag cannot be right
            byte[] rtcp = rtp(40);
            rtcp[1] = (byte) 201; // an SRTCP receiver report, likewise
            forger.send(ByteBuffer.wrap(rtcp), server.localAddress());
            LoopbackTest.await(() -> pair.server().stats().srtpRejected() == rejected + 2, "the forged SRTP and SRTCP are rejected");
            assertTrue(server.stats().srtpRejected() >= 2);
            for (int i = 0; i < 20; i++) pair.sender().send(i, i * 20_000L, ByteBuffer.wrap(new byte[] {9, 9, 9}));
            LoopbackTest.await(() -> pair.clientEvents().payloads.size() == 20, "the session's 20 packets arrived at its own address");
            assertEquals(PeerState.CONNECTED, pair.server().state());
        }
    }

    static byte[] stunRequest(String username, String pwd, boolean useCandidate) {
        byte[] out = new byte[256];
        byte[] id = new byte[12];
        RANDOM.nextBytes(id);
        StunWriter w = new StunWriter(out).start(StunMessage.BINDING_REQUEST, id).username(username)
                .unsignedInt(StunMessage.ATTR_PRIORITY, 1000).longValue(StunMessage.ATTR_ICE_CONTROLLING, 7);
        if (useCandidate) w.flag(StunMessage.ATTR_USE_CANDIDATE);
        w.integrity(new StunIntegrity(pwd)).fingerprint(new CRC32());
        return java.util.Arrays.copyOf(out, w.length());
    }

    static StunMessage receiveStun(DatagramChannel ch) throws Exception {
        ch.configureBlocking(true);
        ch.socket().setSoTimeout(5000);
        ByteBuffer b = ByteBuffer.allocate(1500);
        java.net.DatagramPacket p = new java.net.DatagramPacket(new byte[1500], 1500);
        ch.socket().receive(p);
        StunMessage m = StunMessage.parse(p.getData(), 0, p.getLength());
        assertNotNull(m, "a STUN answer");
        return m;
    }

    /** A well-framed DTLS 1.2 record of random content. */
    static byte[] dtlsRecord(int type, int length) {
        byte[] r = new byte[13 + length];
        RANDOM.nextBytes(r);
        r[0] = (byte) type;
        r[1] = (byte) 0xFE;
        r[2] = (byte) 0xFD;
        r[11] = (byte) (length >>> 8);
        r[12] = (byte) length;
        return r;
    }

    /** An RTP-looking packet with random payload and tag. */
    static byte[] rtp(int length) {
        byte[] p = new byte[length];
        RANDOM.nextBytes(p);
        p[0] = (byte) 0x80;
        p[1] = 111;
        return p;
    }

    static void awaitStats(RtcTransport t, java.util.function.Predicate<TransportStats> ok, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!ok.test(t.stats())) {
            if (System.nanoTime() > deadline) throw new AssertionError(what + ": " + t.stats());
            TimeUnit.MILLISECONDS.sleep(10);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}

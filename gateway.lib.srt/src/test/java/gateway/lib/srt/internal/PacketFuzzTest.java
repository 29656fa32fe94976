package gateway.lib.srt.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.junit.FuzzTest;
import gateway.lib.srt.AccessDecision;
import gateway.lib.srt.RejectReason;
import gateway.lib.srt.SrtConnection;
import gateway.lib.srt.SrtListenerOptions;
import gateway.lib.srt.SrtMessage;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Coverage-guided fuzzing (Jazzer) of everything a datagram from the network reaches.
 *
 * <p>An input is a sequence of datagrams, each framed as {@code [flags][length: 2 bytes][bytes]} (see
 * {@link #datagrams}). {@code mvn verify} replays the seed corpus and every saved finding in
 * {@code src/test/resources/gateway/lib/srt/internal/PacketFuzzTestInputs/<test>/} (regression mode);
 * with {@code JAZZER_FUZZ=1} Jazzer mutates inputs, guided by coverage, for the test's
 * {@code maxDuration} (the module's pom runs each fuzz test that way in every build).
 *
 * <p>The parsers' documented way to reject malformed input is to return {@code null}
 * ({@link Handshake#parse}, {@link KeyMaterial#parse}, {@link Handshake#decodeStreamId}); any exception
 * is a finding. The listener must keep receiving, count no internal error, stay within its connection
 * limit and leave no connection or cached handshake response behind once the application has closed
 * what it accepted.
 */
class PacketFuzzTest {
    static final String PASSPHRASE = "fuzzing passphrase";
    static final int PEER_ID = 0x2345;
    static final int LOCAL_ID = 0x1234;
    static final int INITIAL_SEQ = 1000;
    static final int MAX_CONNECTIONS = 8;
    /** The stream keys and salt the in-process connection decrypts with (even, odd). */
    static final byte[] EVEN = new byte[16], ODD = new byte[16], SALT = new byte[16];
    static {
        for (int i = 0; i < 16; i++) {
            EVEN[i] = (byte) i;
            ODD[i] = (byte) (0x40 + i);
            SALT[i] = (byte) (0x80 + i);
        }
    }

    /** One datagram of an input: flags steer the harness (valid cookie, address a live connection, ...). */
    record Datagram(int flags, byte[] bytes) {}

    /** Splits an input into at most 64 datagrams of at most 1500 bytes. */
    static List<Datagram> datagrams(byte[] input) {
        List<Datagram> out = new ArrayList<>();
        int i = 0;
        while (i + 3 <= input.length && out.size() < 64) {
            int flags = input[i] & 0xFF;
            int length = Math.min(((input[i + 1] & 0xFF) << 8 | (input[i + 2] & 0xFF)) % 1501, input.length - i - 3);
            byte[] bytes = new byte[length];
            System.arraycopy(input, i + 3, bytes, 0, length);
            out.add(new Datagram(flags, bytes));
            i += 3 + length;
        }
        return out;
    }

    /** The inverse of {@link #datagrams}, for seeds. */
    static byte[] frame(List<Datagram> datagrams) {
        ByteBuffer b = ByteBuffer.allocate(datagrams.stream().mapToInt(d -> 3 + d.bytes().length).sum());
        for (Datagram d : datagrams) b.put((byte) d.flags()).putShort((short) d.bytes().length).put(d.bytes());
        return b.array();
    }

    // ---------------------------------------------------------------- parsers and one connection, in process

    @FuzzTest(maxDuration = "8s")
    @Timeout(value = 5, unit = TimeUnit.SECONDS)
    void parsersAcceptOrRejectAnyDatagram(byte[] input) {
        List<byte[]> sent = new ArrayList<>();
        ReceiveConnection conn = connection(sent);
        long now = System.nanoTime();
        for (Datagram d : datagrams(input)) {
            byte[] bytes = d.bytes();
            checkHandshake(bytes);
            checkKeyMaterial(bytes);
            if (bytes.length >= Packets.HEADER) {
                // what the listener's dispatch does with a datagram addressed to a connection
                conn.onPacket(ByteBuffer.wrap(bytes), now);
            }
            if ((d.flags() & 1) != 0) {
                now += ((d.flags() >>> 1) + 1) * 5_000_000L;
                conn.tick(now);
            }
        }
        conn.tick(now + 1_000_000_000L); // everything received is due by now
        checkConnection(conn, sent);
    }

    static ReceiveConnection connection(List<byte[]> sent) {
        return new ReceiveConnection((packet, to) -> {
            byte[] copy = new byte[packet.remaining()];
            packet.duplicate().get(copy);
            sent.add(copy);
        }, new InetSocketAddress("127.0.0.1", 9), LOCAL_ID, PEER_ID, INITIAL_SEQ, "fuzz", 0, PASSPHRASE,
                new byte[][] {EVEN, ODD}, SALT, Duration.ofMillis(120), Duration.ofSeconds(5), 64, () -> { });
    }

    /** A handshake parses to null or to a value that writes back to bytes parsing to the same value. */
    static void checkHandshake(byte[] bytes) {
        Handshake h = Handshake.parse(ByteBuffer.wrap(bytes));
        if (h == null) return;
        for (Handshake.Extension e : h.extensions) {
            if (e.type() == Handshake.CMD_SID) Handshake.decodeStreamId(e.content());
            if (e.type() == Handshake.CMD_KMREQ || e.type() == Handshake.CMD_KMRSP) checkKeyMaterial(e.content());
        }
        ByteBuffer written = h.write(ByteBuffer.allocate(bytes.length + 64), 7, 8);
        Handshake again = Handshake.parse(written);
        assertNotNull(again, "a parsed handshake written back parses");
        assertEquals(List.of(h.version, h.encryption, h.extensionField, h.initialSeq, h.mtu, h.flowWindow, h.type, h.socketId, h.cookie),
                List.of(again.version, again.encryption, again.extensionField, again.initialSeq, again.mtu, again.flowWindow, again.type,
                        again.socketId, again.cookie));
        assertArrayEquals(h.peerIp, again.peerIp);
        assertEquals(h.extensions.size(), again.extensions.size());
        for (int i = 0; i < h.extensions.size(); i++) {
            assertEquals(h.extensions.get(i).type(), again.extensions.get(i).type());
            assertArrayEquals(h.extensions.get(i).content(), again.extensions.get(i).content());
        }
    }

    /** Key material parses to null or to a value that serialises back to the same value. */
    static void checkKeyMaterial(byte[] bytes) {
        KeyMaterial km = KeyMaterial.parse(bytes);
        if (km == null) return;
        assertTrue(km.keyLength() == 16 || km.keyLength() == 24 || km.keyLength() == 32);
        assertEquals(8 + km.keyLength() * (km.keys() == 3 ? 2 : 1), km.wrapped().length);
        KeyMaterial again = KeyMaterial.parse(km.toBytes());
        assertNotNull(again, "parsed key material serialised back parses");
        assertEquals(km.keys(), again.keys());
        assertEquals(km.keyLength(), again.keyLength());
        assertArrayEquals(km.salt(), again.salt());
        assertArrayEquals(km.wrapped(), again.wrapped());
    }

    /** Whatever arrived: messages in sequence order, sane counters, only well-formed packets sent. */
    static void checkConnection(ReceiveConnection conn, List<byte[]> sent) {
        int previous = -1;
        SrtMessage m;
        try {
            while ((m = conn.receive(Duration.ZERO)) != null) {
                if (previous >= 0) assertTrue(SeqNo.diff(previous, m.sequence()) > 0, "delivered in sequence order");
                previous = m.sequence();
                assertTrue(m.payload().length <= 1500 - Packets.HEADER);
            }
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        } catch (gateway.lib.srt.SrtClosedException closed) {
            // a SHUTDOWN among the datagrams: fine
        }
        var s = conn.stats();
        assertTrue(s.packetsReceived() >= 0 && s.packetsLost() >= 0 && s.packetsDropped() >= 0 && s.packetsRetransmitted() >= 0);
        assertTrue(s.packetsDelivered() <= s.packetsReceived(), "delivered no more than received: " + s);
        assertTrue(s.packetsRetransmitted() <= s.packetsReceived());
        for (byte[] p : sent) {
            ByteBuffer b = ByteBuffer.wrap(p);
            assertTrue(p.length >= Packets.HEADER + 4 && Packets.isControl(b), "only control packets go back");
            assertEquals(PEER_ID, Packets.destination(b), "addressed to the peer");
        }
    }

    @Test
    void aDropRequestSpanningTheWholeSequenceSpaceIsCheap() {
        List<byte[]> sent = new ArrayList<>();
        ReceiveConnection conn = connection(sent);
        ByteBuffer drop = Packets.control(ByteBuffer.allocate(64), Packets.DROPREQ, 0, 1, 0, LOCAL_ID);
        drop.putInt(SeqNo.add(INITIAL_SEQ, -(1 << 29))).putInt(SeqNo.add(INITIAL_SEQ, (1 << 30) - (1 << 29) - 1)).flip();
        // walking 2^30 sequence numbers took seconds of the receive thread each time
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
            for (int i = 0; i < 8; i++) conn.onPacket(drop.duplicate(), System.nanoTime());
        });
        // each request gives up the 64 sequence numbers the buffer spans from where delivery stands, no more
        assertEquals(8 * 64, conn.stats().packetsDropped());
    }

    // ---------------------------------------------------------------- a live listener over UDP

    private static ListenerEngine engine;
    private static DatagramChannel peer;
    private static InetSocketAddress listenerAddress;
    private static InetSocketAddress peerAddress;

    private static synchronized void startListener() throws IOException {
        if (engine != null) return;
        engine = ListenerEngine.start(new SrtListenerOptions(new InetSocketAddress("127.0.0.1", 0), Duration.ofMillis(120),
                Duration.ofSeconds(2), 64, MAX_CONNECTIONS, MAX_CONNECTIONS), request -> {
                    if (request.streamId().equals("refuse")) return AccessDecision.reject(RejectReason.PEER);
                    return request.encrypted() ? AccessDecision.acceptWith(List.of("another passphrase", PASSPHRASE))
                            : AccessDecision.acceptUnencrypted();
                });
        listenerAddress = engine.localAddress();
        peer = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        peer.configureBlocking(false);
        peerAddress = (InetSocketAddress) peer.getLocalAddress();
    }

    @AfterAll
    static synchronized void stopListener() throws IOException {
        if (engine == null) return;
        engine.close();
        peer.close();
        engine = null;
    }

    /**
     * Datagrams go through the listener's real socket and receive loop, one at a time (each awaited, so
     * coverage belongs to its input). Flags: 1 puts the valid SYN cookie into a handshake (the fuzzer
     * cannot guess it), 2 addresses the datagram to an open connection (bits 4-7 choose which), 4 lets
     * the application close what was accepted so far.
     */
    @FuzzTest(maxDuration = "8s")
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void listenerSurvivesAnyDatagrams(byte[] input) throws Exception {
        startListener();
        List<SrtConnection> accepted = new ArrayList<>();
        int connectionsSeen = 0;
        for (Datagram d : datagrams(input)) {
            byte[] bytes = d.bytes();
            if ((d.flags() & 1) != 0 && bytes.length >= Packets.HEADER + Handshake.CIF) {
                ByteBuffer.wrap(bytes).putInt(Packets.HEADER + 28, engine.cookieFor(peerAddress));
            }
            List<Integer> ids = new ArrayList<>(engine.connectionIds());
            if ((d.flags() & 2) != 0 && bytes.length >= Packets.HEADER && !ids.isEmpty()) {
                ids.sort(null);
                ByteBuffer.wrap(bytes).putInt(12, ids.get((d.flags() >>> 4) % ids.size()));
            }
            long before = engine.datagrams();
            peer.send(ByteBuffer.wrap(bytes), listenerAddress);
            awaitHandled(before + 1);
            drainReplies();
            connectionsSeen = Math.max(connectionsSeen, engine.connectionCount());
            SrtConnection c;
            while ((c = engine.accept(Duration.ZERO)) != null) accepted.add(c);
            if ((d.flags() & 4) != 0) accepted.forEach(SrtConnection::close);
        }
        assertEquals(0, engine.internalErrors(), "no datagram made the receive loop catch an exception");
        assertTrue(engine.receiving(), "the receive loop runs");
        assertTrue(connectionsSeen <= MAX_CONNECTIONS, "connections stay within the limit: " + connectionsSeen);

        // the application closes what it accepted: nothing may stay behind
        SrtConnection c;
        while ((c = engine.accept(Duration.ZERO)) != null) accepted.add(c);
        accepted.forEach(SrtConnection::close);
        assertEquals(0, engine.connectionCount(), "no connection leaked");
        assertEquals(0, engine.cachedResponses(), "no cached handshake response leaked");
    }

    private static void awaitHandled(long count) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (engine.datagrams() < count) {
            if (System.nanoTime() > deadline) fail("the receive loop did not handle a datagram within 5 s");
            if (!engine.receiving()) fail("the receive loop ended");
            LockSupport.parkNanos(10_000);
        }
    }

    private static void drainReplies() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(2048);
        while (peer.receive(b) != null) b.clear();
    }

    /** The harness reaches deep: a conclusion seed with the cookie flag really opens a connection. */
    @Test
    void aSeedConclusionWithTheCookieFlagOpensAConnection() throws Exception {
        startListener();
        byte[] conclusion = Seeds.conclusion(PASSPHRASE, "fuzz");
        long before = engine.datagrams();
        ByteBuffer.wrap(conclusion).putInt(Packets.HEADER + 28, engine.cookieFor(peerAddress));
        peer.send(ByteBuffer.wrap(conclusion), listenerAddress);
        awaitHandled(before + 1);
        SrtConnection c = engine.accept(Duration.ofSeconds(1));
        assertNotNull(c, "an encrypted conclusion with the right cookie and passphrase is accepted");
        assertEquals(1, c.passphraseIndex());
        c.close();
        assertEquals(0, engine.connectionCount());
        assertEquals(0, engine.cachedResponses());
    }
}

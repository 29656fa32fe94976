package gateway.lib.srt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Our listener against callers nobody here wrote: ffmpeg (libsrt 1.5) and srt-live-transmit. */
class SrtListenerInteropTest {
    static final String PASS = "0123456789abcdef0123456789abcdef";

    @TempDir
    Path dir;

    private SrtListener listener;

    @BeforeAll
    static void peers() {
        Peers.require("ffmpeg", "ffprobe");
    }

    @AfterEach
    void close() {
        if (listener != null) listener.close();
    }

    private int open(AccessControl access) throws Exception {
        listener = SrtListener.open(SrtListenerOptions.defaults(0)
                .withPeerIdleTimeout(Duration.ofSeconds(3)), access);
        return listener.localAddress().getPort();
    }

    /** Accepts one connection and collects its payload until it closes. */
    private CompletableFuture<Received> collect() {
        return collect(new AtomicLong());
    }

    /** The same, counting the payload bytes received so far into {@code progress}. */
    private CompletableFuture<Received> collect(AtomicLong progress) {
        return collect(progress, null);
    }

    /**
     * The same, creating the file {@code accepted} once the connection is accepted: srt-live-transmit discards what
     * it reads from its input before it is connected, so the tests' pacing scripts wait for that file (see
     * {@link #WAIT_FOR_ACCEPTED}) rather than for a fixed time a loaded machine may need more than.
     */
    private CompletableFuture<Received> collect(AtomicLong progress, Path accepted) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                SrtConnection c = listener.accept(Duration.ofSeconds(30));
                if (c == null) return null;
                if (accepted != null) Files.createFile(accepted);
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                long messages = 0, early = 0, undated = 0, misreleased = 0;
                while (true) {
                    try {
                        SrtMessage m = c.receive(Duration.ofSeconds(1));
                        if (m != null) {
                            long read = System.nanoTime();
                            if (m.dueNanos() == 0) undated++;
                            else if (read - m.dueNanos() < 0) early++; // only a close flushes before due
                            // released between its due time and its reading (a close's flush releases before due)
                            if (m.releasedNanos() == 0 || read - m.releasedNanos() < 0 || m.releasedNanos() - m.dueNanos() < 0) misreleased++;
                            out.writeBytes(m.payload());
                            progress.addAndGet(m.payload().length);
                            messages++;
                        }
                    } catch (SrtClosedException closed) {
                        return new Received(c, out.toByteArray(), messages, early, undated, misreleased, closed.getMessage());
                    }
                }
            } catch (InterruptedException | java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /**
     * The start of a pacing script (argument 2 names the file {@link #collect(AtomicLong, Path)} creates): it waits
     * until the listener has accepted the connection, then a further 0.3 s for the caller to have taken in the
     * handshake's answer.
     */
    /**
     * libsrt's callers give up a handshake after 3 s and start another on a new socket, leaving the connection the
     * test accepted without data; a loaded machine's first handshake (class loading, JIT) may take that long.
     */
    private static final String CONNECT_TIMEOUT = "&conntimeo=15000";

    private static final String WAIT_FOR_ACCEPTED = "import os,sys,time\nwhile not os.path.exists(sys.argv[2]): time.sleep(0.01)\ntime.sleep(0.3)\n";

    /**
     * libsrt closes a live-mode socket at once (linger 0), dropping what it has not sent yet when the machine is
     * busy; tests that count the audio received ask ffmpeg to wait for its data to be acknowledged.
     */
    private static final String LINGER = "&linger=3";

    /**
     * @param early   messages the application got before their due time (only the flush at a close does that)
     * @param undated messages without a due time
     * @param misreleased messages without a release time, or released before their due time or after they were read
     */
    record Received(SrtConnection connection, byte[] bytes, long messages, long early, long undated, long misreleased,
                    String closeReason) {}

    private double probeDuration(byte[] ogg) throws Exception {
        Path f = dir.resolve("received.ogg");
        Files.write(f, ogg);
        Peers.Result r = Peers.run(Duration.ofSeconds(20), "ffprobe", "-v", "error", "-show_entries", "format=duration:stream=codec_name",
                "-of", "default=nw=1", f.toString());
        assertEquals(0, r.exit(), r.output());
        assertTrue(r.output().contains("codec_name=opus"), r.output());
        String line = r.output().lines().filter(l -> l.startsWith("duration=")).findFirst().orElseThrow();
        return Double.parseDouble(line.substring(9));
    }

    @ParameterizedTest(name = "pbkeylen {0}")
    @ValueSource(ints = {16, 24, 32})
    void ffmpegCallerWithPassphraseAndStreamId(int pbkeylen) throws Exception {
        int port = open(request -> request.streamId().equals("show-" + pbkeylen)
                ? AccessDecision.acceptWith(List.of(PASS)) : AccessDecision.reject(RejectReason.PEER));
        CompletableFuture<Received> received = collect();
        Peers.Result ff = Peers.ffmpegSine(3, "srt://127.0.0.1:" + port + "?passphrase=" + PASS + "&pbkeylen=" + pbkeylen
                + "&streamid=show-" + pbkeylen + LINGER);
        assertEquals(0, ff.exit(), ff.output());
        Received r = received.get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertNotNull(r, "a connection was accepted");
        assertEquals("show-" + pbkeylen, r.connection().streamId());
        assertEquals(0, r.connection().passphraseIndex());
        assertEquals("peer closed the connection", r.closeReason());
        assertEquals('O', r.bytes()[0]);
        double seconds = probeDuration(r.bytes());
        assertTrue(seconds > 2.8, "received " + seconds + " s of a 3 s tone");
        SrtReceiverStats stats = r.connection().stats();
        assertEquals(0, stats.packetsDropped());
        assertEquals(stats.packetsDelivered(), r.messages());
    }

    @Test
    void ffmpegCallerWithoutEncryption() throws Exception {
        int port = open(request -> AccessDecision.acceptUnencrypted());
        CompletableFuture<Received> received = collect();
        Peers.Result ff = Peers.ffmpegSine(2, "srt://127.0.0.1:" + port + "?" + LINGER.substring(1));
        assertEquals(0, ff.exit(), ff.output());
        Received r = received.get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals("", r.connection().streamId());
        assertEquals(-1, r.connection().passphraseIndex());
        assertTrue(probeDuration(r.bytes()) > 1.8);
    }

    @Test
    void theMatchingPassphraseIsFoundAmongCandidatesWithoutAStreamId() throws Exception {
        String other = "another-passphrase-123";
        int port = open(request -> AccessDecision.acceptWith(List.of(other, PASS)));
        CompletableFuture<Received> received = collect();
        Peers.Result ff = Peers.ffmpegSine(1, "srt://127.0.0.1:" + port + "?passphrase=" + PASS);
        assertEquals(0, ff.exit(), ff.output());
        assertEquals(1, received.get(30, java.util.concurrent.TimeUnit.SECONDS).connection().passphraseIndex());
    }

    @Test
    void wrongAndMissingPassphrasesAreRefusedInTheHandshakeAndTheAccessControlHearsOfIt() throws Exception {
        List<String> refusals = new java.util.concurrent.CopyOnWriteArrayList<>();
        int port = open(new AccessControl() {
            @Override
            public AccessDecision decide(ConnectionRequest request) {
                return AccessDecision.acceptWith(List.of(PASS));
            }

            @Override
            public void refused(ConnectionRequest request, RejectReason reason) {
                refusals.add(reason + (request.encrypted() ? " encrypted " : " plain ") + request.streamId());
            }
        });
        Peers.Result wrong = Peers.ffmpegSine(1, "srt://127.0.0.1:" + port + "?passphrase=wrong-passphrase-000&streamid=w");
        assertNotEquals(0, wrong.exit(), "ffmpeg must fail with a wrong passphrase");
        Peers.Result missing = Peers.ffmpegSine(1, "srt://127.0.0.1:" + port + "?streamid=m");
        assertNotEquals(0, missing.exit(), "ffmpeg must fail without a passphrase");
        assertNull(listener.accept(Duration.ofMillis(200)), "nothing was accepted");
        assertEquals(0, listener.connectionCount());
        assertEquals(List.of("UNSECURE encrypted w", "UNSECURE plain m"), refusals, "ffmpeg gives up after one refusal");
    }

    @Test
    void anEncryptedCallerIsRefusedByAnUnencryptedListenerAndAStreamIdCanBeRefused() throws Exception {
        int port = open(request -> request.streamId().equals("bad") ? AccessDecision.reject(RejectReason.PEER)
                : AccessDecision.acceptUnencrypted());
        assertNotEquals(0, Peers.ffmpegSine(1, "srt://127.0.0.1:" + port + "?passphrase=" + PASS).exit());
        assertNotEquals(0, Peers.ffmpegSine(1, "srt://127.0.0.1:" + port + "?streamid=bad").exit());
        assertNull(listener.accept(Duration.ofMillis(200)));
    }

    @Test
    void srtLiveTransmitCallerDeliversBinaryDataByteForByte() throws Exception {
        Peers.require("srt-live-transmit", "python3");
        int port = open(request -> AccessDecision.acceptWith(List.of(PASS)));
        byte[] data = new byte[200 * 1456]; // srt-live-transmit sends stdin in full 1456-byte blocks
        new Random(42).nextBytes(data);
        Path file = dir.resolve("data.bin");
        Files.write(file, data);
        AtomicLong progress = new AtomicLong();
        Path accepted = dir.resolve("binary.accepted");
        CompletableFuture<Received> received = collect(progress, accepted);
        // paced at 100 blocks/s, as a live source would be
        String pacer = WAIT_FOR_ACCEPTED + "d=open(sys.argv[1],'rb').read()\nfor i in range(0,len(d),1456):\n"
                + "    sys.stdout.buffer.write(d[i:i+1456]); sys.stdout.buffer.flush(); time.sleep(0.01)\ntime.sleep(30)\n";
        Path script = dir.resolve("pace.py");
        Files.writeString(script, pacer);
        // srt-live-transmit never exits by itself: it is ended once every byte has arrived (or after 60 s)
        Peers.Result slt = Peers.runUntil(() -> progress.get() >= data.length, Duration.ofSeconds(60), "bash", "-c",
                "python3 " + script + " " + file + " " + accepted + " | srt-live-transmit file://con 'srt://127.0.0.1:" + port
                        + "?passphrase=" + PASS + "&pbkeylen=32&streamid=binary" + CONNECT_TIMEOUT + "'");
        Received r = received.get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertNotNull(r, "srt-live-transmit connected: " + slt.output());
        assertEquals("binary", r.connection().streamId());
        assertArrayEquals(data, r.bytes(), "every byte, in order; srt-live-transmit said: " + slt.output());
        assertEquals(0, r.undated(), "every message carries its due time");
        assertEquals(0, r.early(), "no message is handed over before its due time (the connection's latency after its send)");
        assertEquals(0, r.misreleased(), "every message carries when the receiver released it: after its due time, before its reading");
    }

    /** 5 % loss both ways and some reordering: a 10 s stream at 200 ms latency still arrives complete. */
    @Test
    void lossAndReorderingAreRecoveredWithinTheLatency() throws Exception {
        Peers.require("srt-live-transmit", "python3");
        listener = SrtListener.open(SrtListenerOptions.defaults(0).withLatency(Duration.ofMillis(200))
                .withPeerIdleTimeout(Duration.ofSeconds(3)), request -> AccessDecision.acceptWith(List.of(PASS)));
        try (LossyRelay relay = new LossyRelay(listener.localAddress().getPort(), 0.05, 0.05, 11)) {
            byte[] data = new byte[1000 * 1456]; // 10 s at 100 blocks/s, about 1.2 Mb/s
            new Random(43).nextBytes(data);
            Path file = dir.resolve("long.bin");
            Files.write(file, data);
            Path script = dir.resolve("pace.py");
            Path accepted = dir.resolve("long.accepted");
            Files.writeString(script, WAIT_FOR_ACCEPTED + "d=open(sys.argv[1],'rb').read()\nt=time.time()\n"
                    + "for n,i in enumerate(range(0,len(d),1456)):\n"
                    + "    sys.stdout.buffer.write(d[i:i+1456]); sys.stdout.buffer.flush()\n"
                    + "    time.sleep(max(0,t+(n+1)*0.01-time.time()))\n"
                    // the stream goes on after the data, as a live stream does, so a lost last packet is noticed
                    + "for n in range(300):\n    sys.stdout.buffer.write(bytes(1456)); sys.stdout.buffer.flush(); time.sleep(0.01)\n"
                    + "time.sleep(60)\n");
            AtomicLong progress = new AtomicLong();
            CompletableFuture<Received> received = collect(progress, accepted);
            // ended once as many bytes as the data arrived (a packet given up would let trailing zeros in: seen below)
            Peers.runUntil(() -> progress.get() >= data.length, Duration.ofSeconds(60), "bash", "-c", "python3 " + script + " " + file
                    + " " + accepted + " | srt-live-transmit file://con 'srt://127.0.0.1:" + relay.port()
                    + "?passphrase=" + PASS + "&latency=200" + CONNECT_TIMEOUT + "'");
            Received r = received.get(30, java.util.concurrent.TimeUnit.SECONDS);
            assertTrue(relay.dropped.get() > 50, "the relay dropped " + relay.dropped.get());
            SrtReceiverStats stats = r.connection().stats();
            assertTrue(stats.packetsLost() > 0 && stats.packetsRetransmitted() > 0, "losses were recovered: " + stats);
            assertEquals(0, stats.packetsDropped(), "nothing given up: " + stats);
            assertTrue(r.bytes().length >= data.length, "received " + r.bytes().length + " bytes");
            assertArrayEquals(data, java.util.Arrays.copyOf(r.bytes(), data.length),
                    "every byte, in order, despite " + relay.dropped.get() + " drops");
        }
    }

    /** libsrt rotates the stream key after a packet count: a stream crossing two refreshes arrives whole. */
    @Test
    void keyRefreshDuringAnEncryptedStreamLosesNothing() throws Exception {
        Peers.require("srt-live-transmit", "python3");
        int port = open(request -> AccessDecision.acceptWith(List.of(PASS)));
        byte[] data = new byte[600 * 1456];
        new Random(44).nextBytes(data);
        Path file = dir.resolve("refresh.bin");
        Files.write(file, data);
        Path script = dir.resolve("pace.py");
        Path accepted = dir.resolve("refresh.accepted");
        Files.writeString(script, WAIT_FOR_ACCEPTED + "d=open(sys.argv[1],'rb').read()\n"
                + "for i in range(0,len(d),1456):\n    sys.stdout.buffer.write(d[i:i+1456]); sys.stdout.buffer.flush(); time.sleep(0.005)\n"
                + "time.sleep(60)\n");
        AtomicLong progress = new AtomicLong();
        CompletableFuture<Received> received = collect(progress, accepted);
        Peers.runUntil(() -> progress.get() >= data.length, Duration.ofSeconds(60), "bash", "-c", "python3 " + script + " " + file
                + " " + accepted + " | srt-live-transmit file://con 'srt://127.0.0.1:" + port
                + "?passphrase=" + PASS + "&pbkeylen=16&kmrefreshrate=200&kmpreannounce=50" + CONNECT_TIMEOUT + "'");
        Received r = received.get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals(0, r.connection().stats().packetsDropped(), r.connection().stats().toString());
        assertTrue(r.connection().stats().keyRefreshes() >= 2, "keys were refreshed: " + r.connection().stats());
        assertArrayEquals(data, r.bytes(), "every byte across the key refreshes");
    }

    @Test
    void malformedDatagramsNeverStopTheListener() throws Exception {
        int port = open(request -> AccessDecision.acceptUnencrypted());
        try (var socket = new java.net.DatagramSocket()) {
            Random random = new Random(7);
            InetSocketAddress to = new InetSocketAddress("127.0.0.1", port);
            for (int i = 0; i < 5000; i++) {
                byte[] junk = new byte[random.nextInt(i % 2 == 0 ? 80 : 1500)];
                random.nextBytes(junk);
                if (i % 3 == 0 && junk.length >= 16) { // handshakes addressed to the listener, with hostile lengths
                    junk[0] = (byte) 0x80; junk[1] = 0; junk[12] = junk[13] = junk[14] = junk[15] = 0;
                }
                socket.send(new java.net.DatagramPacket(junk, junk.length, to));
            }
        }
        Peers.await("the junk counted as malformed", () -> listener.malformedDatagrams() > 0, Duration.ofSeconds(5));
        assertEquals(0, listener.connectionCount());
        CompletableFuture<Received> received = collect();
        assertEquals(0, Peers.ffmpegSine(1, "srt://127.0.0.1:" + port).exit());
        assertTrue(received.get(30, java.util.concurrent.TimeUnit.SECONDS).bytes().length > 1000, "a real caller still gets through");
    }
}

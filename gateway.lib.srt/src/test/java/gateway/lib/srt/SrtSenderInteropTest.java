package gateway.lib.srt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Our caller against srt-live-transmit as listener, and against our own listener. */
class SrtSenderInteropTest {
    static final String PASS = "sender-passphrase-0123456789";

    @TempDir
    Path dir;

    @BeforeAll
    static void peers() {
        Peers.require("srt-live-transmit");
    }

    private static int freeUdpPort() throws Exception {
        try (var s = new java.net.DatagramSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static byte[] data(int messages, long seed) {
        byte[] d = new byte[messages * 1316];
        new Random(seed).nextBytes(d);
        return d;
    }

    private static void sendPaced(SrtSender sender, byte[] data) throws InterruptedException {
        for (int i = 0; i < data.length; i += 1316) {
            sender.send(java.util.Arrays.copyOfRange(data, i, i + 1316));
            Thread.sleep(5); // pacing, as a live source sends
        }
        awaitDelivered(sender);
    }

    /**
     * Waits until the receiver acknowledged every packet sent (or the sender gave one up), then for the
     * latency: a receiver hands each packet on at its send time + latency and drops what it still holds
     * when the connection closes. Neither libsrt nor its tools show that hand-over to wait on (they buffer
     * their output until they end), so after the acknowledgements this waits out the latency, twice.
     */
    private static void awaitDelivered(SrtSender sender) throws InterruptedException {
        Peers.await("every packet acknowledged", () -> {
            SrtSenderStats s = sender.stats();
            return s.packetsAcknowledged() + s.packetsDropped() >= s.packetsSent();
        }, Duration.ofSeconds(10));
        Thread.sleep(2L * sender.stats().latencyMillis());
    }

    /** Waits until a listener's output file has all the bytes sent (srt-live-transmit writes them once the caller closed). */
    private static void awaitFileSize(Path file, long size) throws InterruptedException {
        Peers.await(size + " bytes in " + file, () -> file.toFile().length() >= size, Duration.ofSeconds(10));
    }

    @Test
    void srtLiveTransmitListenerReceivesOurEncryptedStreamByteForByte() throws Exception {
        int port = freeUdpPort();
        Path out = dir.resolve("out.bin");
        Process slt = new ProcessBuilder("bash", "-c", "srt-live-transmit 'srt://:" + port + "?mode=listener&passphrase=" + PASS
                + "&pbkeylen=32' file://con > " + out).redirectErrorStream(false).start();
        try {
            Peers.awaitUdpBound(port, Duration.ofSeconds(10));
            byte[] data = data(300, 1);
            try (SrtSender sender = SrtSender.connect(SrtCallerOptions.to(new InetSocketAddress("127.0.0.1", port))
                    .withPassphrase(PASS, 32).withStreamId("to-libsrt"))) {
                sendPaced(sender, data);
                assertEquals(300, sender.stats().packetsSent());
                assertEquals(300, sender.stats().packetsAcknowledged());
            }
            awaitFileSize(out, data.length);
            assertArrayEquals(data, Files.readAllBytes(out), "srt-live-transmit wrote exactly what we sent");
        } finally {
            slt.descendants().forEach(ProcessHandle::destroy);
            slt.destroy();
            slt.waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void libsrtFollowsOurKeyRefreshesByteForByte() throws Exception {
        int port = freeUdpPort();
        Path out = dir.resolve("refresh.bin");
        Process slt = new ProcessBuilder("bash", "-c", "srt-live-transmit 'srt://:" + port + "?mode=listener&passphrase=" + PASS
                + "' file://con > " + out).start();
        try {
            Peers.awaitUdpBound(port, Duration.ofSeconds(10));
            byte[] data = data(700, 3);
            try (SrtSender sender = SrtSender.connect(SrtCallerOptions.to(new InetSocketAddress("127.0.0.1", port))
                    .withPassphrase(PASS, 24).withKeyRefresh(200, 50))) {
                sendPaced(sender, data);
                assertEquals(3, sender.stats().keyRefreshes(), "three key switches in 700 packets");
            }
            awaitFileSize(out, data.length);
            assertArrayEquals(data, Files.readAllBytes(out), "srt-live-transmit decrypted every packet across the switches");
        } finally {
            slt.descendants().forEach(ProcessHandle::destroy);
            slt.destroy();
            slt.waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aWrongPassphraseIsRefusedByLibsrt() throws Exception {
        int port = freeUdpPort();
        Process slt = new ProcessBuilder("srt-live-transmit", "srt://:" + port + "?mode=listener&passphrase=" + PASS, "file://con")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectErrorStream(true).start();
        try {
            Peers.awaitUdpBound(port, Duration.ofSeconds(10));
            SrtRejectedException e = assertThrows(SrtRejectedException.class, () -> SrtSender.connect(
                    SrtCallerOptions.to(new InetSocketAddress("127.0.0.1", port)).withPassphrase("not-the-passphrase", 16)));
            assertTrue(e.getMessage().contains("password") || e.getMessage().contains("rejected"), e.getMessage());
            assertThrows(SrtRejectedException.class, () -> SrtSender.connect(
                    SrtCallerOptions.to(new InetSocketAddress("127.0.0.1", port))), "a missing passphrase too");
        } finally {
            slt.destroy();
            slt.waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void ffmpegListenerReceivesOggOpusFromOurCaller() throws Exception {
        Peers.require("ffmpeg", "ffprobe");
        Path source = dir.resolve("source.ogg");
        assertEquals(0, Peers.run(Duration.ofSeconds(30), "ffmpeg", "-hide_banner", "-loglevel", "error", "-f", "lavfi",
                "-i", "sine=frequency=440:duration=3", "-c:a", "libopus", "-page_duration", "20000", source.toString()).exit());
        byte[] ogg = Files.readAllBytes(source);
        int port = freeUdpPort();
        Path out = dir.resolve("received.ogg");
        Process ff = new ProcessBuilder("ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-i",
                "srt://127.0.0.1:" + port + "?mode=listener&passphrase=" + PASS, "-c", "copy", "-f", "ogg", out.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            Peers.awaitUdpBound(port, Duration.ofSeconds(10));
            try (SrtSender sender = SrtSender.connect(SrtCallerOptions.to(new InetSocketAddress("127.0.0.1", port))
                    .withPassphrase(PASS, 16))) {
                // about real time: 3 s of audio in 1316-byte messages
                int chunks = (ogg.length + 1315) / 1316;
                long pause = 2_800 / Math.max(1, chunks);
                for (int i = 0; i < ogg.length; i += 1316) {
                    sender.send(java.util.Arrays.copyOfRange(ogg, i, Math.min(ogg.length, i + 1316)));
                    Thread.sleep(pause); // pacing, as a live source sends
                }
                awaitDelivered(sender);
            }
            assertTrue(ff.waitFor(15, TimeUnit.SECONDS), "ffmpeg ends when we close");
            Peers.Result probe = Peers.run(Duration.ofSeconds(20), "ffprobe", "-v", "error", "-show_entries", "format=duration",
                    "-of", "csv=p=0", out.toString());
            assertEquals(3.0, Double.parseDouble(probe.output().trim()), 0.1, "ffmpeg received the whole tone");
        } finally {
            ff.destroy();
        }
    }

    @ParameterizedTest(name = "{0} ms of latency")
    @ValueSource(ints = {200, 500})
    void ourCallerAndOurListenerTalkThroughALossyRelay(int latencyMillis) throws Exception {
        try (SrtListener listener = SrtListener.open(SrtListenerOptions.defaults(0).withLatency(Duration.ofMillis(latencyMillis)),
                request -> AccessDecision.acceptWith(List.of(PASS)));
             LossyRelay relay = new LossyRelay(listener.localAddress().getPort(), 0.05, 0.05, 3)) {
            byte[] data = data(1000, 2);
            Thread collector = null;
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            try (SrtSender sender = SrtSender.connect(SrtCallerOptions.to(new InetSocketAddress("127.0.0.1", relay.port()))
                    .withPassphrase(PASS, 16).withLatency(Duration.ofMillis(latencyMillis)))) {
                SrtConnection c = listener.accept(Duration.ofSeconds(5));
                collector = Thread.ofVirtual().start(() -> {
                    try {
                        while (true) {
                            SrtMessage m = c.receive(Duration.ofSeconds(1));
                            if (m != null) got.writeBytes(m.payload());
                        }
                    } catch (SrtClosedException | InterruptedException end) {
                        // done
                    }
                });
                sendPaced(sender, data);
                assertTrue(sender.stats().packetsRetransmitted() > 0, "losses were repaired: " + sender.stats());
            }
            collector.join(10_000);
            assertArrayEquals(data, got.toByteArray());
        }
    }
}

package gateway.srt.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import gateway.lib.srt.AccessDecision;
import gateway.lib.srt.SrtClosedException;
import gateway.lib.srt.SrtConnection;
import gateway.lib.srt.SrtListener;
import gateway.lib.srt.SrtListenerOptions;
import gateway.lib.srt.SrtReceiverStats;
import java.net.InetSocketAddress;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The ingest's totals over real SRT connections (ffmpeg, i.e. libsrt, as the caller): an open connection's
 * counters as they grow, a closed one's final counters kept, and two connections added up.
 */
class IngestTotalsTest {
    private final IngestTotals totals = new IngestTotals();
    private SrtListener listener;
    private int port;

    @BeforeEach
    void listen() throws Exception {
        boolean present = Files.isExecutable(Path.of("/usr/bin/ffmpeg"));
        if (System.getenv("CI") != null && !present) throw new AssertionError("ffmpeg is required in CI");
        assumeTrue(present, "ffmpeg not installed");
        listener = SrtListener.open(new SrtListenerOptions(new InetSocketAddress("127.0.0.1", 0), Duration.ofMillis(120),
                Duration.ofSeconds(3), 256, 2, 2), request -> AccessDecision.acceptUnencrypted());
        port = listener.localAddress().getPort();
        totals.listening(listener::malformedDatagrams);
    }

    @AfterEach
    void close() {
        if (listener != null) listener.close();
    }

    private Process ffmpeg(int seconds) throws Exception {
        return new ProcessBuilder("ffmpeg", "-hide_banner", "-loglevel", "error", "-re", "-f", "lavfi", "-i",
                "sine=frequency=440:duration=" + seconds, "-c:a", "libopus", "-page_duration", "20000", "-f", "ogg",
                "srt://127.0.0.1:" + port).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    /** Receives until the caller has gone; returns the connection's final counters. */
    private static SrtReceiverStats drain(SrtConnection c) throws InterruptedException {
        try {
            while (true) c.receive(Duration.ofSeconds(1));
        } catch (SrtClosedException gone) {
            return c.stats();
        }
    }

    @Test
    void openConnectionsCountAsTheyGrowAndClosedOnesKeepTheirFinalCounters() throws Exception {
        Process first = ffmpeg(2);
        SrtConnection a = listener.accept(Duration.ofSeconds(10));
        assertNotNull(a, "ffmpeg connected");
        totals.connected(a);
        while (a.stats().packetsReceived() < 20) a.receive(Duration.ofSeconds(1));
        IngestTotals.Receiving early = totals.receiving();
        assertEquals(1, early.connections());
        assertTrue(early.packetsReceived() >= 20 && early.packetsReceived() <= a.stats().packetsReceived(), early.toString());
        assertTrue(early.maxRttMicros() > 0, "the open connection's round trip: " + early);

        SrtReceiverStats finalA = drain(a);
        assertTrue(first.waitFor(20, TimeUnit.SECONDS));
        totals.disconnected(a);
        totals.disconnected(a); // told twice: counted once
        IngestTotals.Receiving afterA = totals.receiving();
        assertEquals(new IngestTotals.Receiving(0, finalA.packetsReceived(), finalA.bytesReceived(), finalA.packetsLost(),
                finalA.packetsRetransmitted(), finalA.packetsDropped(), finalA.keyRefreshes(), 0), afterA);
        assertTrue(finalA.bytesReceived() > 1000, finalA.toString());

        Process second = ffmpeg(1);
        SrtConnection b = listener.accept(Duration.ofSeconds(10));
        assertNotNull(b);
        totals.connected(b);
        SrtReceiverStats finalB = drain(b);
        assertTrue(second.waitFor(20, TimeUnit.SECONDS));
        totals.disconnected(b);
        IngestTotals.Receiving both = totals.receiving();
        assertEquals(finalA.packetsReceived() + finalB.packetsReceived(), both.packetsReceived());
        assertEquals(finalA.bytesReceived() + finalB.bytesReceived(), both.bytesReceived());
        assertEquals(2, totals.accepted());
    }

    @Test
    void malformedDatagramsOfAClosedListenerStayCounted() throws Exception {
        try (DatagramSocket s = new DatagramSocket()) {
            byte[] junk = {1, 2, 3};
            s.send(new DatagramPacket(junk, junk.length, new InetSocketAddress("127.0.0.1", port)));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (totals.malformedDatagrams() == 0 && System.nanoTime() < deadline) Thread.sleep(5);
        assertEquals(1, totals.malformedDatagrams());
        listener.close();
        totals.stoppedListening();
        assertEquals(1, totals.malformedDatagrams(), "kept after the listener closed");
        SrtListener next = SrtListener.open(new SrtListenerOptions(new InetSocketAddress("127.0.0.1", 0), Duration.ofMillis(120),
                Duration.ofSeconds(3), 256, 2, 2), request -> AccessDecision.acceptUnencrypted());
        try {
            totals.listening(next::malformedDatagrams);
            assertEquals(1, totals.malformedDatagrams(), "a new listener starts from the total");
        } finally {
            next.close();
        }
    }
}

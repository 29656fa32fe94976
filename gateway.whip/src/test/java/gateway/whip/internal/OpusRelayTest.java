package gateway.whip.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.lib.srt.AccessDecision;
import gateway.lib.srt.SrtCallerOptions;
import gateway.lib.srt.SrtListener;
import gateway.lib.srt.SrtListenerOptions;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OpusRelayTest {
    /** Whatever escapes a thread of the test JVM: the relay's worker must never add to it. */
    private final List<Throwable> uncaught = new CopyOnWriteArrayList<>();
    private Thread.UncaughtExceptionHandler previous;

    @BeforeEach
    void catchUncaught() {
        previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> uncaught.add(e));
    }

    @AfterEach
    void restore() {
        Thread.setDefaultUncaughtExceptionHandler(previous);
        assertEquals(List.of(), uncaught, "no thread died with an uncaught exception");
    }

    private static byte[] pcm(int... samples) {
        byte[] b = new byte[samples.length * 2];
        for (int i = 0; i < samples.length; i++) {
            b[2 * i] = (byte) samples[i];
            b[2 * i + 1] = (byte) (samples[i] >> 8);
        }
        return b;
    }

    /** The relay's reports: the first failure completes {@link #failure}. */
    private static final class Reports implements OpusRelay.Listener {
        final CompletableFuture<Void> connected = new CompletableFuture<>();
        final CompletableFuture<String> failure = new CompletableFuture<>();
        final List<String> all = new CopyOnWriteArrayList<>();

        @Override
        public void srtConnected() {
            all.add("connected");
            connected.complete(null);
        }

        @Override
        public void failed(EndCause cause, String reason) {
            all.add(cause.wire() + ": " + reason);
            failure.complete(cause.wire() + ": " + reason);
        }
    }

    private static OpusRelay relay(InetSocketAddress target, Duration connectTimeout, Reports reports) {
        SrtCallerOptions o = SrtCallerOptions.to(target).withConnectTimeout(connectTimeout);
        return new OpusRelay(new OpusRelay.Settings(o, "target:9", 128_000, 96_000, Map.of()), null, reports, new WhipTotals(), "test");
    }

    @Test
    void remixesBetweenMonoAndStereo() {
        OpusRelay.PcmFrame stereo = new OpusRelay.PcmFrame(pcm(100, 300, -1000, -3000), 48_000, 2, 2);
        assertArrayEquals(pcm(200, -2000), OpusRelay.remix(stereo, 1), "stereo to mono averages");
        OpusRelay.PcmFrame mono = new OpusRelay.PcmFrame(pcm(5, -7), 48_000, 1, 2);
        assertArrayEquals(pcm(5, 5, -7, -7), OpusRelay.remix(mono, 2), "mono to both sides");
        assertEquals(stereo.pcm(), OpusRelay.remix(stereo, 2), "same layout: unchanged");
    }

    @Test
    void anUnresolvedTargetEndsTheRelayAtOnceWithTheReason() throws Exception {
        Reports reports = new Reports();
        long t0 = System.nanoTime();
        OpusRelay relay = relay(InetSocketAddress.createUnresolved("no-such-host.invalid", 9000), Duration.ofSeconds(10), reports);
        String failure = reports.failure.get(5, TimeUnit.SECONDS);
        long millis = (System.nanoTime() - t0) / 1_000_000;
        assertEquals("srt-unresolved: the SRT target target:9 does not resolve to an address", failure);
        assertTrue(millis < 2_000, "reported after " + millis + " ms, not after the 10 s connect timeout");
        relay.stop(EndCause.SRT_UNRESOLVED, failure);
        assertEquals(List.of(failure), reports.all, "reported once, never as connected");
    }

    @Test
    void aTargetWhereNothingListensIsReportedUnreachable() throws Exception {
        int closed;
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        Reports reports = new Reports();
        OpusRelay relay = relay(new InetSocketAddress(InetAddress.getLoopbackAddress(), closed), Duration.ofSeconds(1), reports);
        String failure = reports.failure.get(10, TimeUnit.SECONDS);
        assertTrue(failure.startsWith("srt-unreachable: the SRT target target:9 is unreachable"), failure);
        relay.stop(EndCause.SRT_UNREACHABLE, failure);
    }

    @Test
    void stoppingWhileTheSrtTargetHasNotAnsweredGivesUpAtOnceAndReportsNoFailure() throws Exception {
        // a UDP socket that never answers: the caller keeps sending handshakes until its 10 s timeout
        try (DatagramSocket silent = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            Reports reports = new Reports();
            OpusRelay relay = relay(new InetSocketAddress(InetAddress.getLoopbackAddress(), silent.getLocalPort()), Duration.ofSeconds(10), reports);
            silent.setSoTimeout(5_000);
            silent.receive(new DatagramPacket(new byte[2048], 2048)); // the first handshake: the relay is connecting
            long t0 = System.nanoTime();
            relay.stop(EndCause.PUBLISHER_ENDED, "the publisher ended the WHIP session (DELETE)");
            long millis = (System.nanoTime() - t0) / 1_000_000;
            // waiting for the worker would take 5 s (the join's limit) before interrupting it
            assertTrue(millis < 2_000, "stop took " + millis + " ms");
            // stop() has joined the worker: whatever it was going to report, it has
            assertEquals(List.of(), reports.all);
            assertNull(relay.srtStats());
        }
    }

    @Test
    void anUnexpectedErrorInTheRelayIsReportedAsAFailureNotLeftToDieOnItsThread() throws Exception {
        try (SrtListener listener = SrtListener.open(SrtListenerOptions.defaults(0), request -> AccessDecision.acceptUnencrypted())) {
            Reports reports = new Reports();
            // no stream registry: opening the live stream with the first encoded audio throws
            OpusRelay relay = relay(new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.localAddress().getPort()),
                    Duration.ofSeconds(5), reports);
            reports.connected.get(10, TimeUnit.SECONDS);
            relay.offer(new OpusRelay.PcmFrame(new byte[480 * 4], 48_000, 2, 480));
            String failure = reports.failure.get(10, TimeUnit.SECONDS);
            assertTrue(failure.startsWith("internal-error: the relay to the SRT target target:9 failed: java.lang.NullPointerException"), failure);
            relay.stop(EndCause.INTERNAL_ERROR, failure);
        }
    }
}

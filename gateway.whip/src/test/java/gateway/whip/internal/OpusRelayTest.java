package gateway.whip.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.api.http.ProblemException;
import gateway.lib.srt.SrtCallerOptions;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class OpusRelayTest {
    private static byte[] pcm(int... samples) {
        byte[] b = new byte[samples.length * 2];
        for (int i = 0; i < samples.length; i++) {
            b[2 * i] = (byte) samples[i];
            b[2 * i + 1] = (byte) (samples[i] >> 8);
        }
        return b;
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
    void problemDocumentsEscapeTheirText() {
        assertEquals("{\"type\":\"about:blank\",\"title\":\"Bad request\",\"status\":400,\"detail\":\"a \\\"quoted\\\"\\nline\\\\\"}",
                Problems.render(ProblemException.badRequest("a \"quoted\"\nline\\")));
    }

    @Test
    void stoppingWhileTheSrtTargetHasNotAnsweredGivesUpAtOnceAndReportsNoFailure() throws Exception {
        // a UDP socket that never answers: the caller keeps sending handshakes until its 10 s timeout
        try (DatagramSocket silent = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            SrtCallerOptions o = SrtCallerOptions.to(new InetSocketAddress(InetAddress.getLoopbackAddress(), silent.getLocalPort()))
                    .withConnectTimeout(Duration.ofSeconds(10));
            List<String> failures = new CopyOnWriteArrayList<>();
            OpusRelay relay = new OpusRelay(new OpusRelay.Settings(o, "silent", 128_000, 96_000, Map.of()), null,
                    () -> failures.add("connected"), failures::add, "test");
            Thread.sleep(300); // the handshake is under way
            long t0 = System.nanoTime();
            relay.stop("the publisher ended the WHIP session (DELETE)", false);
            long millis = (System.nanoTime() - t0) / 1_000_000;
            // waiting for the worker would take 5 s (the join's limit) before interrupting it
            assertTrue(millis < 2_000, "stop took " + millis + " ms");
            Thread.sleep(100);
            assertEquals(List.of(), failures);
            assertNull(relay.srtStats());
        }
    }
}

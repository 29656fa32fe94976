package gateway.whip.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
                Problems.render(gateway.api.http.ProblemException.badRequest("a \"quoted\"\nline\\")));
    }
}

package gateway.whip.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChannelProbeTest {
    private static OpusRelay.PcmFrame frame(int channels) {
        return new OpusRelay.PcmFrame(new byte[480 * channels * 2], 48_000, channels, 480);
    }

    @Test
    void monoSilenceBeforeTheFirstDecodedPacketDoesNotMakeAStereoStreamMono() {
        ChannelProbe probe = new ChannelProbe();
        OpusRelay.PcmFrame silence = frame(1);
        assertTrue(probe.offer(silence).isEmpty(), "held while undecided");
        assertEquals(0, probe.channels());
        OpusRelay.PcmFrame decoded = frame(2);
        assertEquals(List.of(silence, decoded), probe.offer(decoded), "the held frame comes first, nothing is lost");
        assertEquals(2, probe.channels());
        OpusRelay.PcmFrame next = frame(1);
        assertEquals(List.of(next), probe.offer(next), "decided once: later frames pass straight through");
        assertEquals(2, probe.channels());
    }

    @Test
    void aStreamThatStaysMonoIsDecidedAfterAHundredMilliseconds() {
        ChannelProbe probe = new ChannelProbe();
        List<OpusRelay.PcmFrame> released = new ArrayList<>();
        for (int i = 0; i < ChannelProbe.SETTLE_FRAMES; i++) {
            released.addAll(probe.offer(frame(1)));
            if (i < ChannelProbe.SETTLE_FRAMES - 1) assertTrue(released.isEmpty(), "frame " + i);
        }
        assertEquals(ChannelProbe.SETTLE_FRAMES, released.size());
        assertEquals(1, probe.channels());
    }

    @Test
    void aStereoFirstFrameDecidesAtOnce() {
        ChannelProbe probe = new ChannelProbe();
        assertEquals(1, probe.offer(frame(2)).size());
        assertEquals(2, probe.channels());
    }
}

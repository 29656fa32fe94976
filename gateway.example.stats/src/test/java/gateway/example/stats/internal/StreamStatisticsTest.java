package gateway.example.stats.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import gateway.api.stream.MediaPacket;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class StreamStatisticsTest {

    private static MediaPacket packet(long seq, long ts, int size) {
        return new MediaPacket(seq, ts, 20_000, ByteBuffer.allocate(size));
    }

    @Test
    void countsPacketsBytesAndBitrate() {
        StreamStatistics s = new StreamStatistics("s1", "test");
        for (int i = 0; i < 300; i++) s.add(packet(i, i * 20_000L, 160)); // 160 B / 20 ms = 64 kb/s
        var v = s.view(true);
        assertEquals(300, v.packets());
        assertEquals(300 * 160, v.bytes());
        assertEquals(64_000, v.bitrate());
        assertEquals(0, v.gaps());
    }

    @Test
    void detectsGapsInTheTimeline() {
        StreamStatistics s = new StreamStatistics("s1", "test");
        s.add(packet(0, 0, 100));
        s.add(packet(1, 20_000, 100));
        assertEquals(100_000, s.add(packet(2, 140_000, 100)));
        s.add(packet(3, 160_000, 100));
        var v = s.view(true);
        assertEquals(1, v.gaps());
        assertEquals(100, v.gapMillis());
    }
}

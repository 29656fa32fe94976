package gateway.core.internal.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import gateway.api.stream.LiveStream;
import gateway.api.stream.StreamCounters;
import gateway.api.stream.StreamFormat;
import gateway.api.stream.StreamState;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OriginTotalsTest {

    /** A stream as the registry shows it at one moment: what OriginTotals reads. */
    private static final class Stream implements LiveStream {
        final String id;
        final String origin;
        volatile StreamState state = StreamState.STARTING;
        volatile long packets;
        volatile long bytes;

        Stream(String id, String origin) {
            this.id = id;
            this.origin = origin;
        }

        Stream carried(long p, long b) {
            packets = p;
            bytes = b;
            if (state == StreamState.STARTING) state = StreamState.LIVE;
            return this;
        }

        @Override public String id() { return id; }
        @Override public String origin() { return origin; }
        @Override public StreamFormat format() { return StreamFormat.OPUS_48K_STEREO; }
        @Override public Map<String, String> metadata() { return Map.of(); }
        @Override public StreamState state() { return state; }
        @Override public Optional<String> reason() { return Optional.empty(); }
        @Override public Instant openedAt() { return Instant.EPOCH; }
        @Override public StreamCounters counters() { return new StreamCounters(packets, bytes); }
        @Override public List<ByteBuffer> codecHeaders() { return List.of(); }
    }

    private final OriginTotals totals = new OriginTotals();

    @Test
    void totalsKeepWhatEndedStreamsCarriedAfterTheRegistryForgetsThem() {
        Stream a = new Stream("a", "srt").carried(100, 16_000);
        Stream b = new Stream("b", "srt");
        Stream w = new Stream("w", "whip").carried(10, 1_000);
        totals.observe(List.of(a, b, w));
        OriginTotals.Figures srt = totals.byOrigin().get("srt");
        assertEquals(2, srt.opened);
        assertEquals(100, srt.packets);
        assertEquals(16_000, srt.bytes);
        assertEquals(Map.of(StreamState.LIVE, 1, StreamState.STARTING, 1), srt.current);

        a.carried(250, 40_000).state = StreamState.ENDED;
        b.carried(5, 800).state = StreamState.FAILED;
        totals.observe(List.of(a, b, w));
        assertEquals(255, srt.packets, "only what was carried since the previous look is added");
        assertEquals(40_800, srt.bytes);
        assertEquals(1, srt.ended);
        assertEquals(1, srt.failed);
        assertEquals(Map.of(), srt.current, "ended streams are not current");

        totals.observe(List.of(a, b, w));
        assertEquals(255, srt.packets, "an ended stream still listed is not counted twice");
        assertEquals(1, srt.ended);

        totals.observe(List.of(w));
        assertEquals(255, srt.packets, "the totals stay when the registry forgets the streams");
        assertEquals(2, srt.opened);
        assertEquals(1, totals.tracked(), "forgotten streams are no longer tracked");
        assertEquals(10, totals.byOrigin().get("whip").packets);
    }

    @Test
    void aStreamFirstSeenAfterItEndedCountsWhole() {
        Stream s = new Stream("s", "srt").carried(300, 48_000);
        s.state = StreamState.ENDED;
        totals.observe(List.of(s));
        OriginTotals.Figures srt = totals.byOrigin().get("srt");
        assertEquals(1, srt.opened);
        assertEquals(1, srt.ended);
        assertEquals(300, srt.packets);
    }

    @Test
    void anOriginWithoutStreamsKeepsItsFiguresAtZeroCurrent() {
        Stream s = new Stream("s", "srt").carried(1, 10);
        totals.observe(List.of(s));
        totals.observe(List.of());
        OriginTotals.Figures srt = totals.byOrigin().get("srt");
        assertEquals(1, srt.packets);
        assertEquals(Map.of(), srt.current);
    }
}

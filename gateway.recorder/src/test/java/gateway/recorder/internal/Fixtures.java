package gateway.recorder.internal;

import gateway.api.event.GatewayEvent;
import gateway.api.event.GatewayEvents;
import gateway.api.stream.LiveStream;
import gateway.api.stream.MediaPacket;
import gateway.api.stream.StreamCounters;
import gateway.api.stream.StreamFormat;
import gateway.api.stream.StreamState;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** Inputs the recorder's unit tests build on: streams, packets, index entries, and a log of published events. */
final class Fixtures {
    private Fixtures() {
    }

    /** A live stream as the registry hands it to a handler: identity, format and metadata, no publisher. */
    record Stream(String id, Map<String, String> metadata) implements LiveStream {
        @Override
        public String origin() {
            return "test";
        }

        @Override
        public StreamFormat format() {
            return StreamFormat.OPUS_48K_MONO;
        }

        @Override
        public StreamState state() {
            return StreamState.LIVE;
        }

        @Override
        public Optional<String> reason() {
            return Optional.empty();
        }

        @Override
        public Instant openedAt() {
            return Instant.EPOCH;
        }

        @Override
        public StreamCounters counters() {
            return new StreamCounters(0, 0);
        }

        @Override
        public List<ByteBuffer> codecHeaders() {
            return List.of();
        }
    }

    /** The events published, in order. */
    static final class EventLog implements GatewayEvents {
        final List<GatewayEvent> events = new CopyOnWriteArrayList<>();

        @Override
        public void publish(GatewayEvent event) {
            events.add(event);
        }

        @Override
        public Subscription subscribe(Consumer<GatewayEvent> listener) {
            throw new UnsupportedOperationException("the recorder only publishes");
        }

        List<String> types() {
            return events.stream().map(GatewayEvent::type).toList();
        }
    }

    /** A 20 ms mono CELT packet (TOC 0xF8) at position {@code n} of a stream. */
    static MediaPacket packet(long n) {
        byte[] p = new byte[60];
        p[0] = (byte) 0xF8;
        return new MediaPacket(n, n * 20_000, 20_000, ByteBuffer.wrap(p));
    }

    /** A finished entry of a stream whose audio ended at {@code end}. */
    static Recording finished(String id, String stream, RecordingState state, Instant end, long size) {
        return Recording.first(id, stream, null, "test", RecordingMode.AUTO, null, "file")
                .startedAt(end.minusSeconds(60).toString(), "x/" + id + ".ogg", null, null)
                .ended(state, "test", end.toString(), 60_000, size, "sha256:00", 3000);
    }

    /** The parts a session writes through, on a file storage and an index in {@code dir}. */
    static SessionContext context(Path dir, Settings settings, EventLog events) throws Exception {
        return new SessionContext(settings, RecordingIndex.open(new IndexFolder(dir.resolve("index"))),
                new FileStorage(dir.resolve("audio"), 0), "file", new RecordingEvents(events),
                new RecordingNames(Clock.systemUTC(), new SplittableRandom()), new RecorderTotals());
    }

    /** The default settings, with {@code segmentDuration} as given. */
    static Settings settings(long segmentMillis) {
        return new Settings("(metadata.record=true)", segmentMillis, 960 * 5, 0, 0, 0, 3000);
    }
}

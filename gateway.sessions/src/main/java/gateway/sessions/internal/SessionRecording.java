package gateway.sessions.internal;

import gateway.api.processing.ProcessingContext;
import gateway.api.processing.ProcessorRun;
import gateway.api.stream.Attachment;
import gateway.api.stream.LiveStream;
import gateway.api.stream.MediaPacket;
import gateway.api.stream.MediaSession;
import gateway.api.stream.StreamPublisher;
import gateway.api.stream.StreamRegistry;
import gateway.api.stream.StreamSpec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;

/**
 * A {@code record} run: relays the session's input, packets unchanged, into a stream the recorder records. When the
 * input changes (the publisher republishes) the relay ends and a new one starts, so each recording is one track's
 * audio; when the input goes, so does the relay. The output is the input track itself.
 */
final class SessionRecording implements ProcessorRun {
    private final ProcessingContext context;
    private final StreamRegistry registry;
    private final String label;
    private ScheduledFuture<?> watch;
    private String following;
    private StreamPublisher relay;
    private Attachment source;
    private boolean closed;

    SessionRecording(ProcessingContext context, StreamRegistry registry, String label) {
        this.context = context;
        this.registry = registry;
        this.label = label;
    }

    synchronized void watch(ScheduledFuture<?> future) {
        if (closed) future.cancel(false);
        else watch = future;
    }

    @Override
    public List<String> outputTracks() {
        return RecordProcessor.inputTrack(context);
    }

    /** Starts, replaces or ends the relay to follow the input; on the watcher's thread. */
    void follow() {
        String stream = context.input().map(ProcessingContext.Input::stream).orElse(null);
        synchronized (this) {
            if (closed || java.util.Objects.equals(stream, following)) return;
        }
        stopRelay("the session's input changed");
        if (stream == null) return;
        Optional<LiveStream> live = registry.find(stream);
        if (live.isEmpty()) return; // ended since: the next look sees the new input
        Map<String, String> meta = new HashMap<>();
        meta.put("record", "true");
        meta.put("event", context.sessionId());
        meta.put("session", context.sessionId());
        meta.put("room", context.room());
        if (label != null) meta.put("label", label);
        StreamPublisher p = registry.open(new StreamSpec("session-record", live.get().format(), meta));
        if (!live.get().codecHeaders().isEmpty()) p.setCodecHeaders(live.get().codecHeaders());
        Attachment a;
        try {
            a = registry.attach(stream, s -> new Relay(p), Map.of("gateway.media.name", "record " + context.sessionId(), "gateway.media.queue", 250));
        } catch (RuntimeException ended) {
            p.end("the session's input ended");
            return; // the next look follows whatever replaced it
        }
        synchronized (this) {
            if (!closed) {
                following = stream;
                relay = p;
                source = a;
                return;
            }
        }
        a.close();
        p.end("recording stopped");
    }

    private void stopRelay(String reason) {
        Attachment a;
        StreamPublisher p;
        synchronized (this) {
            a = source;
            p = relay;
            source = null;
            relay = null;
            following = null;
        }
        if (a != null) a.close();
        if (p != null) p.end(reason);
    }

    @Override
    public void close() {
        ScheduledFuture<?> w;
        synchronized (this) {
            if (closed) return;
            closed = true;
            w = watch;
        }
        if (w != null) w.cancel(false);
        stopRelay("recording stopped");
    }

    /** Forwards the input's packets to the recorded stream. */
    private static final class Relay implements MediaSession {
        private final StreamPublisher out;

        Relay(StreamPublisher out) {
            this.out = out;
        }

        @Override
        public void onPacket(MediaPacket packet) {
            try {
                out.send(packet.timestampMicros(), packet.durationMicros(), packet.payload().duplicate());
            } catch (RuntimeException ended) {
                // the relay was ended (the run closed): packets still queued for it are dropped
            }
        }
    }
}

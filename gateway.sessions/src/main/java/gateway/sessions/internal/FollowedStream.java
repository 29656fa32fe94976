package gateway.sessions.internal;

import gateway.api.stream.Attachment;
import gateway.api.stream.LiveStream;
import gateway.api.stream.MediaSession;
import gateway.api.stream.StreamRegistry;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One attachment to whichever Opus stream a session names now (its input, a stage's output): each {@link #follow}
 * compares the stream named now with the one attached, and moves the attachment when it changed. The stream API tells
 * no one when a room track's stream appears or changes, so the owner calls {@link #follow} a few times a second.
 *
 * <p>Threading: {@link #follow} runs on one thread at a time (the owner's clock); {@link #close} on any.
 */
final class FollowedStream implements AutoCloseable {
    private final StreamRegistry registry;
    private final Supplier<String> current;
    private final Function<LiveStream, MediaSession> sessions;
    private final Map<String, ?> properties;
    private Attachment source;
    private String following;
    private boolean closed;

    /**
     * @param current    the registry id of the stream to follow now, or null for none
     * @param sessions   makes the session for a stream; its {@code onDetached} releases what it holds when the
     *                   attachment fails
     * @param properties the attachment's properties ({@code gateway.media.name}, {@code gateway.media.queue})
     */
    FollowedStream(StreamRegistry registry, Supplier<String> current, Function<LiveStream, MediaSession> sessions, Map<String, ?> properties) {
        this.registry = registry;
        this.current = current;
        this.sessions = sessions;
        this.properties = properties;
    }

    /** Attaches to the stream named now, if it is another one than the attached one: detaches from that first. */
    void follow() {
        String stream;
        try {
            stream = current.get();
        } catch (RuntimeException e) {
            stream = null;
        }
        synchronized (this) {
            if (closed || Objects.equals(stream, following)) return;
        }
        detach();
        if (stream == null) return;
        LiveStream live = registry.find(stream).orElse(null);
        if (live == null || !"opus".equals(live.format().codec())) return;
        MediaSession session = sessions.apply(live);
        Attachment a;
        try {
            a = registry.attach(stream, s -> session, properties);
        } catch (RuntimeException ended) {
            session.onDetached();
            return;
        }
        synchronized (this) {
            if (!closed) {
                following = stream;
                source = a;
                return;
            }
        }
        a.close(); // closed meanwhile
    }

    private void detach() {
        Attachment a;
        synchronized (this) {
            a = source;
            source = null;
            following = null;
        }
        if (a != null) a.close(); // the session's final callback releases what it holds
    }

    /** Detaches for good; idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        detach();
    }
}

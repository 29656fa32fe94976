package gateway.sessions.internal;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One streaming session: its room, the identities its tokens name, its expiry, its task (the pipeline) and the
 * control sockets open on it. Expiry and timestamps change under the session's own lock.
 */
final class StreamingSession {
    final String id;
    final String clientId;
    final String room;
    final String intent;
    final Instant createdAt;
    final List<String> publishers;
    final List<String> subscribers;
    final SessionPipeline pipeline;
    /** Open control sockets. */
    final Set<ControlChannel> channels = ConcurrentHashMap.newKeySet();
    /** Rate limits per token (the original counts per token, across its connections). */
    final Map<String, RateLimits> limits = new ConcurrentHashMap<>();
    private Instant updatedAt;
    private Instant expiresAt;
    private boolean ended;

    StreamingSession(String id, String clientId, String room, String intent, Instant createdAt, Instant expiresAt,
                     List<String> publishers, List<String> subscribers, SessionPipeline pipeline) {
        this.id = id;
        this.clientId = clientId;
        this.room = room;
        this.intent = intent;
        this.createdAt = createdAt;
        this.updatedAt = createdAt;
        this.expiresAt = expiresAt;
        this.publishers = publishers;
        this.subscribers = subscribers;
        this.pipeline = pipeline;
    }

    synchronized Instant updatedAt() {
        return updatedAt;
    }

    synchronized Instant expiresAt() {
        return expiresAt;
    }

    synchronized void expireAt(Instant when, Instant now) {
        expiresAt = when;
        updatedAt = now;
    }

    synchronized void touch(Instant now) {
        updatedAt = now;
    }

    /** Sets the time of the last change (a session taken back from its saved record). */
    synchronized void updatedAt(Instant when) {
        updatedAt = when;
    }

    /** @return true the first time: the caller ends what the session holds */
    synchronized boolean end() {
        if (ended) return false;
        ended = true;
        return true;
    }

    synchronized boolean ended() {
        return ended;
    }

    RateLimits limits(String token) {
        return limits.computeIfAbsent(token, t -> new RateLimits());
    }

    /** The API's view: {@code {"id", "created_at", "updated_at", "expires_at"}}. */
    Map<String, Object> view() {
        return Map.of("id", id, "created_at", createdAt.toString(), "updated_at", updatedAt().toString(), "expires_at", expiresAt().toString());
    }
}

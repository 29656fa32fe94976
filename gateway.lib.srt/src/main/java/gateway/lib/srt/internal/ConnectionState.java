package gateway.lib.srt.internal;

import java.util.Optional;

/**
 * The part of a connection's life both sides share: its clock (SRT timestamps count microseconds from
 * the connection's start), when the peer was last heard from, and whether and why it closed. The close
 * reasons both sides give are defined here.
 */
final class ConnectionState {
    static final String PEER_CLOSED = "peer closed the connection";
    static final String CLOSED_LOCALLY = "closed by the application";
    static final String LISTENER_CLOSED = "listener closed";

    private final long startNanos = System.nanoTime();
    private final long idleTimeoutNanos;
    private volatile long lastHeardNanos = startNanos;
    /** Null while open. */
    private volatile String closeReason;

    ConnectionState(long idleTimeoutNanos) {
        this.idleTimeoutNanos = idleTimeoutNanos;
    }

    /** @return when the connection started, {@link System#nanoTime()} */
    long startNanos() {
        return startNanos;
    }

    /** @return the SRT timestamp for {@code nanoTime}: microseconds since the start, wrapping at 2^32 */
    int timestamp(long nanoTime) {
        return (int) ((nanoTime - startNanos) / 1000);
    }

    /** A packet from the peer arrived at {@code nanoTime}. */
    void heard(long nanoTime) {
        lastHeardNanos = nanoTime;
    }

    /** @return the close reason when the peer has been silent for longer than the idle timeout at {@code nanoTime}, else null */
    String idleReason(long nanoTime) {
        return nanoTime - lastHeardNanos > idleTimeoutNanos ? "peer idle for " + idleTimeoutNanos / 1_000_000 + " ms" : null;
    }

    boolean isOpen() {
        return closeReason == null;
    }

    Optional<String> closeReason() {
        return Optional.ofNullable(closeReason);
    }

    /**
     * Marks the connection closed.
     *
     * @return false when it already was (the first reason stays)
     */
    synchronized boolean close(String reason) {
        if (closeReason != null) return false;
        closeReason = reason;
        return true;
    }
}

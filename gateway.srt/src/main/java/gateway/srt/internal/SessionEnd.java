package gateway.srt.internal;

/** How an ingest session ended; decides whether its live stream ends or fails, and starts its reason. */
enum SessionEnd {
    /** The caller closed the connection or went silent: the stream ends. */
    CALLER_DISCONNECTED("caller disconnected", false),
    /** The caller sent something that is not Ogg/Opus: the stream fails. */
    INVALID_INPUT("invalid input", true),
    /** The ingest stopped (its bundle stops or is updated): the stream ends. */
    INGEST_STOPPED("SRT ingest stopped", false),
    /** The gateway ended the stream (it is shutting down): the connection closes, the stream has its own reason. */
    STREAM_ENDED("stream ended by the gateway", false),
    /** A bug: the stream fails. */
    INTERNAL_ERROR("internal error", true);

    private final String text;
    private final boolean failure;

    SessionEnd(String text, boolean failure) {
        this.text = text;
        this.failure = failure;
    }

    /** @return whether the stream fails (rather than ends) */
    boolean failure() {
        return failure;
    }

    /**
     * @param detail what the cause said, or null
     * @return the reason as the stream and the {@code srt-disconnected} event give it
     */
    String reason(String detail) {
        if (detail == null) return text;
        return this == CALLER_DISCONNECTED ? text + " (" + detail + ")" : text + ": " + detail;
    }
}

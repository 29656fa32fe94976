package gateway.api.stream;

/**
 * Thrown by {@link StreamPublisher#send} when the stream has already ended — by its publisher, or by the
 * gateway (it is shutting down, or the core stopped). A publisher that gets it stops feeding the stream and
 * releases its source (closes the connection it receives from); it is not an error of the publisher's own.
 *
 * @since 1.2
 */
public class StreamEndedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    private final String streamId;
    private final String reason;

    /**
     * @param streamId the stream's id
     * @param reason   why it ended, as {@link LiveStream#reason()} gives it
     */
    public StreamEndedException(String streamId, String reason) {
        super("stream " + streamId + " has ended: " + reason);
        this.streamId = streamId;
        this.reason = reason;
    }

    /** @return the id of the stream that has ended */
    public String streamId() {
        return streamId;
    }

    /** @return why it ended */
    public String reason() {
        return reason;
    }
}

package gateway.api.stream;

/** Thrown when an operation names a stream that is not in the registry. */
public class StreamNotFoundException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param streamId the unknown id */
    public StreamNotFoundException(String streamId) {
        super("no live stream with id '" + streamId + "'");
    }
}

package gateway.lib.srt;

/** The connection is closed and has nothing more to deliver; the message says why it closed. */
public class SrtClosedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param reason why the connection closed */
    public SrtClosedException(String reason) {
        super(reason);
    }
}

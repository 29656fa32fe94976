package gateway.lib.opus;

/** Thrown by {@link OpusPcmDecoder} when a packet cannot be decoded. The decoder stays usable. */
public class OpusDecodingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong with the packet */
    public OpusDecodingException(String message) {
        super(message);
    }

    /**
     * @param message what is wrong with the packet
     * @param cause   the decoder's error
     */
    public OpusDecodingException(String message, Throwable cause) {
        super(message, cause);
    }
}

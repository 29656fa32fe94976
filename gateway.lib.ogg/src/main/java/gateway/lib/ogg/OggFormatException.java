package gateway.lib.ogg;

/** The input is not a valid Ogg (or Ogg/Opus) stream; the message says what is wrong. */
public class OggFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong */
    public OggFormatException(String message) {
        super(message);
    }
}

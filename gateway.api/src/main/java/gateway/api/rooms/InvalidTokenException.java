package gateway.api.rooms;

/** A token that {@link AccessTokens#verify} refuses; the message says why (never the token or the secret). */
public class InvalidTokenException extends Exception {
    private static final long serialVersionUID = 1L;

    /** @param message why the token is refused */
    public InvalidTokenException(String message) {
        super(message);
    }
}

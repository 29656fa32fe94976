package gateway.whip.internal;

import java.util.Objects;

/**
 * A request the WHIP bridge refuses: what went wrong ({@link #error()}) and, for the client, exactly why
 * ({@link #getMessage()}). Thrown by the bridge's domain and protocol code; only the HTTP edges turn it
 * into a status code.
 */
final class WhipException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final WhipError error;

    /**
     * @param error  what went wrong
     * @param detail what exactly, in words for the client (never a secret)
     */
    WhipException(WhipError error, String detail) {
        super(detail);
        this.error = Objects.requireNonNull(error);
    }

    /** @return what went wrong */
    WhipError error() {
        return error;
    }
}

package gateway.core.internal.http;

/**
 * The TLS settings in {@code etc/gateway.http.cfg} cannot be used: a file is missing or unreadable, a password is
 * wrong, a key does not match its certificate. The message says which and never contains a secret.
 */
final class TlsSetupException extends Exception {
    private static final long serialVersionUID = 1L;

    TlsSetupException(String message) {
        super(message);
    }

    TlsSetupException(String message, Throwable cause) {
        super(message, cause);
    }
}

package gateway.callstream.internal.websocket;

import java.io.IOException;

/**
 * The service broke RFC 6455: the connection is closed with {@link #closeCode()} (1002 protocol error, 1007 text that
 * is not UTF-8) and the reason says what was wrong.
 */
public final class ProtocolException extends IOException {
    private static final long serialVersionUID = 1L;
    /** Close codes of RFC 6455, section 7.4.1, that this client sends. */
    public static final int PROTOCOL_ERROR = 1002, INVALID_DATA = 1007;

    private final int closeCode;

    public ProtocolException(int closeCode, String message) {
        super(message);
        this.closeCode = closeCode;
    }

    public int closeCode() {
        return closeCode;
    }
}

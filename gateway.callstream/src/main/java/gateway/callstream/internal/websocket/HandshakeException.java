package gateway.callstream.internal.websocket;

import java.io.IOException;

/** The server did not accept the WebSocket upgrade, or answered it in a way RFC 6455 does not allow. */
public final class HandshakeException extends IOException {
    private static final long serialVersionUID = 1L;

    public HandshakeException(String message) {
        super(message);
    }
}

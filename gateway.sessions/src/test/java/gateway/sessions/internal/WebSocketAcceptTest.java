package gateway.sessions.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class WebSocketAcceptTest {

    @Test
    void theAcceptKeyIsRfc6455sExample() {
        // RFC 6455, section 1.3
        assertEquals("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", ControlEndpoint.accept("dGhlIHNhbXBsZSBub25jZQ=="));
    }
}

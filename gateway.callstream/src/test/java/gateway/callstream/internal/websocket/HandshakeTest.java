package gateway.callstream.internal.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HandshakeTest {
    @Test
    void acceptIsDerivedAsRfc6455Shows() {
        // RFC 6455, section 1.3
        assertEquals("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", Handshake.accept("dGhlIHNhbXBsZSBub25jZQ=="));
    }

    @Test
    void requestIsAnHttp11UpgradeWithAFreshKey() {
        Handshake h = new Handshake(URI.create("ws://example.test:8080/audio?x=1%202"));
        String r = new String(h.request(), StandardCharsets.US_ASCII);
        assertTrue(r.startsWith("GET /audio?x=1%202 HTTP/1.1\r\nHost: example.test:8080\r\n"), r);
        assertTrue(r.contains("\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n") && r.contains("\r\nSec-WebSocket-Version: 13\r\n") && r.endsWith("\r\n\r\n"), r);
        assertTrue(r.contains("Sec-WebSocket-Key: " + h.key + "\r\n"));
        assertEquals(16, java.util.Base64.getDecoder().decode(h.key).length);
        assertTrue(!h.key.equals(new Handshake(URI.create("ws://example.test/")).key));
        String defaults = new String(new Handshake(URI.create("wss://example.test")).request(), StandardCharsets.US_ASCII);
        assertTrue(defaults.startsWith("GET / HTTP/1.1\r\nHost: example.test\r\n"), defaults);
    }

    private static InputStream answer(String head) {
        return new ByteArrayInputStream((head + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void aCorrectAnswerIsAcceptedAndTheFramesAfterItAreLeftUnread() throws Exception {
        Handshake h = new Handshake(URI.create("ws://example.test/"));
        InputStream in = new ByteArrayInputStream(("HTTP/1.1 101 Switching Protocols\r\nupgrade: WebSocket\r\nConnection: keep-alive, Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + Handshake.accept(h.key) + "\r\n\r\n\u0081\u0000").getBytes(StandardCharsets.ISO_8859_1));
        h.verify(in);
        assertEquals(0x81, in.read());
    }

    @Test
    void answersThatAreNotAnUpgradeAreRefusedSayingWhy() {
        Handshake h = new Handshake(URI.create("ws://example.test/"));
        String ok = "Sec-WebSocket-Accept: " + Handshake.accept(h.key);
        String[][] cases = {
                {"HTTP/1.1 403 Forbidden\r\nContent-Length: 0", "HTTP 403 Forbidden instead of 101"},
                {"HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\n" + ok, "Upgrade: websocket"},
                {"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n" + ok, "Connection: Upgrade"},
                {"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade", "lacks Sec-WebSocket-Accept"},
                {"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", "does not match"},
                {"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" + ok + "\r\nSec-WebSocket-Extensions: permessage-deflate", "extension"},
                {"SSH-2.0-OpenSSH", "did not answer in HTTP"},
                {"HTTP/1.1 101 Switching Protocols\r\nno colon here", "malformed header"},
        };
        for (String[] c : cases) {
            HandshakeException e = assertThrows(HandshakeException.class, () -> h.verify(answer(c[0])), c[1]);
            assertTrue(e.getMessage().contains(c[1]), c[1] + ": " + e.getMessage());
        }
        assertTrue(assertThrows(HandshakeException.class, () -> h.verify(new ByteArrayInputStream(new byte[0]))).getMessage().contains("without answering"));
        byte[] endless = new byte[Handshake.MAX_HEAD_BYTES + 10];
        java.util.Arrays.fill(endless, (byte) 'a');
        assertTrue(assertThrows(HandshakeException.class, () -> h.verify(new ByteArrayInputStream(endless))).getMessage().contains("longer than"));
    }
}

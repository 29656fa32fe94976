package gateway.callstream.internal.websocket;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The client's side of the opening handshake (RFC 6455, section 4.1): the HTTP/1.1 upgrade request with a fresh
 * {@code Sec-WebSocket-Key}, and the checks of the server's answer — status 101, {@code Upgrade: websocket},
 * {@code Connection: Upgrade}, the {@code Sec-WebSocket-Accept} derived from the key, and no extension or
 * subprotocol the client did not offer.
 */
final class Handshake {
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    /** An answer's status line and headers may take this many bytes; a server that sends more is refused. */
    static final int MAX_HEAD_BYTES = 16 * 1024;
    private static final SecureRandom RANDOM = new SecureRandom();

    final String key;
    private final URI uri;

    Handshake(URI uri) {
        this.uri = uri;
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        this.key = Base64.getEncoder().encodeToString(nonce);
    }

    /** @return the upgrade request, ASCII */
    byte[] request() {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (uri.getRawQuery() != null) path += "?" + uri.getRawQuery();
        int port = uri.getPort();
        boolean defaultPort = port == -1 || port == WebSocketConnection.defaultPort(uri);
        String host = uri.getHost() + (defaultPort ? "" : ":" + port);
        return ("GET " + path + " HTTP/1.1\r\n"
                + "Host: " + host + "\r\n"
                + "Upgrade: websocket\r\n"
                + "Connection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + key + "\r\n"
                + "Sec-WebSocket-Version: 13\r\n"
                + "User-Agent: gateway\r\n"
                + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** @return the {@code Sec-WebSocket-Accept} a server must answer to {@code key} */
    static String accept(String key) {
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1").digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(sha1);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required of every Java platform", e);
        }
    }

    /**
     * Reads the server's answer up to the blank line (the frames that may follow stay in {@code in}) and checks it.
     *
     * @throws HandshakeException if it is not an acceptable upgrade
     */
    void verify(InputStream in) throws IOException {
        String head = readHead(in);
        String[] lines = head.split("\r\n");
        String[] status = lines[0].split(" ", 3);
        if (status.length < 2 || !status[0].startsWith("HTTP/1.")) throw new HandshakeException("the server did not answer in HTTP/1.1: '" + printable(lines[0]) + "'");
        if (!status[1].equals("101")) {
            throw new HandshakeException("the server answered the WebSocket handshake with HTTP " + printable(status[1])
                    + (status.length > 2 ? " " + printable(status[2]) : "") + " instead of 101");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon <= 0) throw new HandshakeException("a malformed header line in the server's answer: '" + printable(lines[i]) + "'");
            headers.merge(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim(), (a, b) -> a + ", " + b);
        }
        if (!"websocket".equalsIgnoreCase(headers.get("upgrade"))) throw new HandshakeException("the server's 101 lacks 'Upgrade: websocket'");
        if (!hasToken(headers.get("connection"), "upgrade")) throw new HandshakeException("the server's 101 lacks 'Connection: Upgrade'");
        String accept = headers.get("sec-websocket-accept");
        if (accept == null) throw new HandshakeException("the server's 101 lacks Sec-WebSocket-Accept");
        if (!accept.equals(accept(key))) throw new HandshakeException("the server's Sec-WebSocket-Accept does not match the key sent");
        if (headers.containsKey("sec-websocket-extensions")) throw new HandshakeException("the server chose an extension the client did not offer");
        if (headers.containsKey("sec-websocket-protocol")) throw new HandshakeException("the server chose a subprotocol the client did not offer");
    }

    private static boolean hasToken(String value, String token) {
        if (value == null) return false;
        for (String t : value.split(",")) if (t.trim().equalsIgnoreCase(token)) return true;
        return false;
    }

    private static String readHead(InputStream in) throws IOException {
        byte[] head = new byte[MAX_HEAD_BYTES];
        int n = 0;
        while (true) {
            int b = in.read();
            if (b < 0) throw new HandshakeException(n == 0 ? "the server closed the connection without answering the handshake"
                    : "the server closed the connection in the middle of its answer");
            if (n == head.length) throw new HandshakeException("the server's answer to the handshake is longer than " + MAX_HEAD_BYTES + " bytes");
            head[n++] = (byte) b;
            if (n >= 4 && head[n - 4] == '\r' && head[n - 3] == '\n' && head[n - 2] == '\r' && head[n - 1] == '\n') {
                return new String(head, 0, n - 4, StandardCharsets.ISO_8859_1);
            }
        }
    }

    private static String printable(String s) {
        String t = s.length() > 80 ? s.substring(0, 80) + "…" : s;
        return t.replaceAll("[^\\x20-\\x7e…]", "?");
    }
}

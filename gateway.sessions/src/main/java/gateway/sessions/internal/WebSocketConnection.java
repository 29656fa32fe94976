package gateway.sessions.internal;

import jakarta.servlet.http.HttpUpgradeHandler;
import jakarta.servlet.http.WebConnection;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A server-side WebSocket (RFC 6455) over a Servlet upgrade: text messages in and out, fragmented messages, ping and
 * pong, the closing handshake. Frames from the client must be masked; a message larger than {@link #MAX_MESSAGE}
 * closes with 1009, invalid UTF-8 with 1007, a binary message with 1003, a protocol error with 1002. Reads are
 * non-blocking (Jetty's threads call the listener, one message at a time); sends are serialised.
 *
 * <p>Jetty creates the instance (public, no-argument constructor) and calls {@link #init}; {@link #start} then
 * begins reading.
 */
public final class WebSocketConnection implements HttpUpgradeHandler {
    static final int MAX_MESSAGE = 1 << 20;
    /** Seconds the client has to answer a close frame. */
    static final int CLOSE_WAIT_SECONDS = 5;
    private static final int OP_CONT = 0, OP_TEXT = 1, OP_BINARY = 2, OP_CLOSE = 8, OP_PING = 9, OP_PONG = 10;

    /** What the connection tells its owner. */
    interface Listener {
        /** A complete text message, on the reading thread. */
        void onText(String text);

        /** The connection closed (either side, or it broke); called once. */
        void onClose(int code, String reason);
    }

    private volatile WebConnection connection;
    private volatile AsyncContext asyncContext;
    private volatile Listener listener;
    private OutputStream out;
    private boolean closeSent;
    private volatile boolean closed;

    /** For Jetty's upgrade. */
    public WebSocketConnection() {
    }

    @Override
    public void init(WebConnection wc) {
        this.connection = wc;
    }

    @Override
    public void destroy() {
        finish(1006, "the connection was torn down");
    }

    /** Starts reading; messages go to {@code listener}. */
    void start(Listener listener, AsyncContext asyncContext) {
        this.asyncContext = asyncContext;
        this.listener = listener;
        read();
    }

    /** Sends a text message; false when the connection is closing or broken. */
    boolean sendText(String text) {
        return send(OP_TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends a ping (keeps proxies and the server's idle timeout from closing a quiet socket). */
    boolean ping() {
        return send(OP_PING, new byte[0]);
    }

    /** Starts the closing handshake with a status code and a reason (at most 123 bytes). */
    void close(int code, String reason) {
        byte[] r = reason.getBytes(StandardCharsets.UTF_8);
        int n = Math.min(r.length, 123);
        byte[] payload = new byte[2 + n];
        payload[0] = (byte) (code >> 8);
        payload[1] = (byte) code;
        System.arraycopy(r, 0, payload, 2, n);
        if (send(OP_CLOSE, payload)) {
            // the client answers with its close frame and the reader ends the connection; one that does not is cut off
            java.util.concurrent.CompletableFuture.delayedExecutor(CLOSE_WAIT_SECONDS, java.util.concurrent.TimeUnit.SECONDS)
                    .execute(() -> finish(code, "the client did not answer the close frame"));
        }
    }

    private synchronized boolean send(int opcode, byte[] payload) {
        if (closeSent || closed) return false;
        try {
            if (out == null) out = connection.getOutputStream();
            ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 10);
            frame.write(0x80 | opcode);
            if (payload.length < 126) {
                frame.write(payload.length);
            } else if (payload.length < 65536) {
                frame.write(126);
                frame.write(payload.length >> 8);
                frame.write(payload.length);
            } else {
                frame.write(127);
                frame.write(ByteBuffer.allocate(8).putLong(payload.length).array());
            }
            frame.write(payload);
            out.write(frame.toByteArray());
            out.flush();
            if (opcode == OP_CLOSE) closeSent = true;
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Reads without blocking: Jetty serves an upgraded connection's input through a {@link ReadListener} (a blocking
     * read stops being woken once the upgrade's request cycle has ended).
     */
    private void read() {
        try {
            ServletInputStream in = connection.getInputStream();
            in.setReadListener(new ReadListener() {
                private final byte[] chunk = new byte[8192];

                @Override
                public void onDataAvailable() throws IOException {
                    while (in.isReady()) {
                        int n = in.read(chunk);
                        if (n < 0) {
                            finish(1006, "the connection ended without a close frame");
                            return;
                        }
                        if (!feed(chunk, n)) return;
                    }
                }

                @Override
                public void onAllDataRead() {
                    finish(1006, "the connection ended without a close frame");
                }

                @Override
                public void onError(Throwable t) {
                    finish(1006, "the connection broke");
                }
            });
        } catch (IOException | RuntimeException e) {
            finish(1006, "the connection broke");
        }
    }

    /** Bytes received but not yet a complete frame. */
    private byte[] pending = new byte[0];
    /** The text message being assembled from fragments, or null. */
    private ByteArrayOutputStream message;

    /** @return false once the connection is done */
    private boolean feed(byte[] bytes, int n) {
        byte[] buf = new byte[pending.length + n];
        System.arraycopy(pending, 0, buf, 0, pending.length);
        System.arraycopy(bytes, 0, buf, pending.length, n);
        int at = 0;
        try {
            while (true) {
                int used = frame(buf, at);
                if (used < 0) return false;
                if (used == 0) break;
                at += used;
            }
        } catch (ProtocolError e) {
            close(e.code, e.getMessage());
            finish(e.code, e.getMessage());
            return false;
        }
        pending = java.util.Arrays.copyOfRange(buf, at, buf.length);
        return true;
    }

    /** @return bytes consumed by one complete frame at {@code at}, 0 if incomplete, -1 when the connection closed */
    private int frame(byte[] buf, int at) throws ProtocolError {
        int avail = buf.length - at;
        if (avail < 2) return 0;
        int b0 = buf[at] & 0xFF, b1 = buf[at + 1] & 0xFF;
        boolean fin = (b0 & 0x80) != 0;
        int opcode = b0 & 0x0F;
        if ((b0 & 0x70) != 0) throw new ProtocolError(1002, "reserved bits set");
        if ((b1 & 0x80) == 0) throw new ProtocolError(1002, "client frames must be masked");
        long len = b1 & 0x7F;
        int header = 2;
        if (len == 126) {
            if (avail < 4) return 0;
            len = ((buf[at + 2] & 0xFF) << 8) | (buf[at + 3] & 0xFF);
            header = 4;
        } else if (len == 127) {
            if (avail < 10) return 0;
            len = ByteBuffer.wrap(buf, at + 2, 8).getLong();
            header = 10;
        }
        boolean control = opcode >= 8;
        if (control && (len > 125 || !fin)) throw new ProtocolError(1002, "invalid control frame");
        if (len < 0 || len > MAX_MESSAGE || (message != null && message.size() + len > MAX_MESSAGE)) {
            throw new ProtocolError(1009, "messages are limited to " + MAX_MESSAGE + " bytes");
        }
        if (avail < header + 4 + len) return 0;
        int maskAt = at + header;
        byte[] payload = java.util.Arrays.copyOfRange(buf, maskAt + 4, maskAt + 4 + (int) len);
        for (int i = 0; i < payload.length; i++) payload[i] ^= buf[maskAt + (i & 3)];
        int used = header + 4 + (int) len;
        switch (opcode) {
            case OP_PING -> send(OP_PONG, payload);
            case OP_PONG -> { }
            case OP_CLOSE -> {
                int code = payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
                String reason = payload.length > 2 ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : "";
                send(OP_CLOSE, payload.length >= 2 ? new byte[] {payload[0], payload[1]} : new byte[0]);
                finish(code, reason);
                return -1;
            }
            case OP_BINARY -> throw new ProtocolError(1003, "the control socket takes JSON text messages only");
            case OP_TEXT -> {
                if (message != null) throw new ProtocolError(1002, "a new message inside a fragmented one");
                message = new ByteArrayOutputStream();
                message.writeBytes(payload);
            }
            case OP_CONT -> {
                if (message == null) throw new ProtocolError(1002, "a continuation without a message");
                message.writeBytes(payload);
            }
            default -> throw new ProtocolError(1002, "unknown opcode " + opcode);
        }
        if (fin && !control && message != null) {
            String text = utf8(message.toByteArray());
            message = null;
            try {
                listener.onText(text);
            } catch (RuntimeException e) {
                throw new ProtocolError(1011, "the message could not be handled");
            }
        }
        return used;
    }

    private void finish(int code, String reason) {
        synchronized (this) {
            if (closed) return;
            closed = true;
        }
        try {
            WebConnection wc = connection;
            if (wc != null) wc.close();
        } catch (Exception ignored) {
            // already closed
        }
        try {
            // closing the WebConnection leaves Jetty's socket open: completing the upgrade's async cycle closes it
            AsyncContext async = asyncContext;
            if (async != null) async.complete();
        } catch (RuntimeException ignored) {
            // completed already
        }
        Listener l = listener;
        if (l != null) l.onClose(code, reason);
    }

    private static String utf8(byte[] bytes) throws ProtocolError {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new ProtocolError(1007, "text messages must be UTF-8");
        }
    }

    private static final class ProtocolError extends IOException {
        private static final long serialVersionUID = 1L;
        final int code;

        ProtocolError(int code, String message) {
            super(message);
            this.code = code;
        }
    }
}

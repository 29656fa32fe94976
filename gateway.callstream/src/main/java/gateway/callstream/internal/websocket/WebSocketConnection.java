package gateway.callstream.internal.websocket;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * A client WebSocket (RFC 6455), plain ({@code ws}) or TLS with the server's host name verified ({@code wss}).
 * A virtual thread per connection reads: it delivers messages, pings, pongs and the close to the
 * {@link Listener}. Sending never blocks the caller ({@link #send}, {@link #ping}, {@link #close}); the queue
 * of what waits is not bounded here — its user bounds what it offers.
 *
 * <p>Plain connections use a non-blocking socket: a frame is written by the thread that sends it while the
 * socket takes it and nothing waits before it, and the shared {@link SocketPoller} writes what waits once the
 * socket has room again (and reads what arrives for the reader thread). So a media chunk leaves the gateway on
 * the thread that produced it, without waking another. TLS connections keep a blocking socket and a writer
 * thread of their own, which sends what is queued, gathering the frames queued together into one write.
 *
 * <p>Closing: {@link #close} sends a close frame after what is queued and waits for the server's (the socket is
 * then closed); a close from the server is answered at once with the same code, dropping what is still queued.
 * A protocol error of the server is answered with a close frame naming it (1002, 1007) and reported through
 * {@link Listener#onError}. {@link #abort} closes the socket without a close frame.
 */
public final class WebSocketConnection {
    /** What a connection reports, on its reader thread (and the writer thread for {@link #onError} and {@link Outgoing#written}). */
    public interface Listener {
        void onText(String text);

        /** A binary message. */
        void onBinary(byte[] data);

        void onPong(byte[] data);

        /** A message longer than the limit was read past; {@code bytes} is its length. */
        void onOversized(long bytes);

        /** The server closed the connection with a close frame (code 1005: none given), or without one (1006). */
        void onClose(int code, String reason);

        /** The connection failed: an I/O error, or the server broke the protocol ({@link ProtocolException}). */
        void onError(Throwable error);
    }

    /**
     * A text message to send, as ASCII or UTF-8 bytes, which it writes itself into the frame being assembled (so a
     * message need not exist as an array of its own); told once it has been written to the socket.
     */
    public interface Outgoing extends FramePayload {
        /** The message has been handed to the socket (on the writer thread). */
        void written();
    }

    /** Options of a connection. */
    public record Options(Duration connectTimeout, int sendBufferBytes, int maxMessageBytes, SSLContext tls) {
    }

    /** The close code for a connection lost without a close frame (RFC 6455, 7.4.1; never sent). */
    public static final int CLOSED_ABNORMALLY = 1006;
    public static final int NORMAL_CLOSURE = 1000;
    /** Per connection, so kept small: a media frame is under 1 KB, and 500 connections share the heap. */
    private static final int WRITE_BUFFER = 8 * 1024;
    /** Frames written in one go before the socket is written to and their senders told. */
    private static final int MAX_BATCH = 64;
    /** What a plain connection's reader buffers of the server's bytes before the poller stops reading it. */
    private static final int READ_BUFFER = 16 * 1024;

    /** A control frame to send (ping, pong, close). */
    record Control(int opcode, byte[] payload) {
    }

    private static final Control STOP = new Control(-1, new byte[0]);

    /** The socket to close: the TLS socket, or the plain channel's. */
    private final java.io.Closeable socket;
    private final InputStream in;
    /** TLS: the blocking socket's stream, written by the writer thread; plain: {@code null}. */
    private final OutputStream out;
    /** Plain: writes on the sending thread, else through the poller; TLS: {@code null}. */
    private final DirectSender direct;
    private final SocketChannel channel;
    private final SelectedInput selectedInput;
    private SocketPoller.Registration registration;
    private final Listener listener;
    private final int maxMessageBytes;
    private final String name;
    private final SendQueue queue = new SendQueue();
    private final AtomicBoolean closeQueued = new AtomicBoolean();
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile boolean closeReceived;
    private final CompletableFuture<Void> closeSent = new CompletableFuture<>();
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();

    private WebSocketConnection(Socket socket, InputStream in, Listener listener, int maxMessageBytes, String name) throws IOException {
        this.socket = socket;
        this.in = in;
        this.out = socket.getOutputStream();
        this.direct = null;
        this.channel = null;
        this.selectedInput = null;
        this.listener = listener;
        this.maxMessageBytes = maxMessageBytes;
        this.name = name;
    }

    /** A plain connection on a non-blocking channel; {@code first} = bytes read past the opening handshake. */
    private WebSocketConnection(SocketChannel channel, byte[] first, Listener listener, int maxMessageBytes, String name) {
        this.socket = channel;
        this.channel = channel;
        this.selectedInput = new SelectedInput(READ_BUFFER, first);
        this.in = new java.io.BufferedInputStream(selectedInput, 4 * 1024);
        this.out = null;
        ChannelOutput output = new ChannelOutput(channel, 2 * WRITE_BUFFER);
        this.direct = new DirectSender(output, new FrameWriter(output, new MaskSource()::next, WRITE_BUFFER), new DirectSender.Events() {
            // told on a sending thread (a fork's media path) or the poller: what follows runs on a thread of its own
            @Override
            public void closeWritten() {
                Thread.ofVirtual().name("websocket-closed " + WebSocketConnection.this.name).start(() -> {
                    closeSent.complete(null);
                    if (closeReceived) end(); // the close handshake is complete
                });
            }

            @Override
            public void failed(IOException error) {
                Thread.ofVirtual().name("websocket-failed " + WebSocketConnection.this.name).start(() -> fail(error));
            }
        });
        this.listener = listener;
        this.maxMessageBytes = maxMessageBytes;
        this.name = name;
    }

    /**
     * Connects and runs the opening handshake on a virtual thread.
     *
     * @return completes with the open connection (its threads running), or with a {@link HandshakeException} or
     *         the I/O error that prevented it
     */
    public static CompletableFuture<WebSocketConnection> connect(URI uri, Options options, Listener listener) {
        CompletableFuture<WebSocketConnection> result = new CompletableFuture<>();
        Thread.ofVirtual().name("websocket-connect " + uri.getHost()).start(() -> {
            try {
                WebSocketConnection c = open(uri, options, listener);
                if (!result.complete(c)) c.abort(); // given up on meanwhile (a timeout)
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    static int defaultPort(URI uri) {
        return "wss".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    private static WebSocketConnection open(URI uri, Options options, Listener listener) throws IOException {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("ws") && !scheme.equals("wss")) throw new IllegalArgumentException("not a ws:// or wss:// URL: " + uri);
        if (uri.getHost() == null) throw new IllegalArgumentException("no host in " + uri);
        String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1) : uri.getHost();
        int port = uri.getPort() == -1 ? defaultPort(uri) : uri.getPort();
        int timeout = (int) Math.max(1, options.connectTimeout().toMillis());
        if (scheme.equals("ws")) return openPlain(uri, host, port, timeout, options, listener);
        Socket plain = new Socket();
        Socket socket = plain;
        try {
            plain.setTcpNoDelay(true); // frames are gathered by the writer; each batch should leave at once
            if (options.sendBufferBytes() > 0) plain.setSendBufferSize(options.sendBufferBytes());
            plain.connect(new InetSocketAddress(host, port), timeout);
            plain.setSoTimeout(timeout);
            if (scheme.equals("wss")) {
                SSLContext tls = options.tls() != null ? options.tls() : defaultTls();
                SSLSocket s = (SSLSocket) tls.getSocketFactory().createSocket(plain, host, port, true);
                SSLParameters p = s.getSSLParameters();
                p.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must name the host dialled
                if (!isIpLiteral(host)) p.setServerNames(List.of(new SNIHostName(host)));
                s.setSSLParameters(p);
                socket = s;
                s.startHandshake();
            }
            Handshake handshake = new Handshake(uri);
            OutputStream o = socket.getOutputStream();
            o.write(handshake.request());
            o.flush();
            InputStream in = new BufferedInputStream(socket.getInputStream(), 4 * 1024);
            handshake.verify(in);
            socket.setSoTimeout(0); // from here on, pings tell whether the server is there
            WebSocketConnection c = new WebSocketConnection(socket, in, listener, options.maxMessageBytes(), uri.getHost() + ":" + port);
            c.start();
            return c;
        } catch (IOException | RuntimeException e) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // already failing
            }
            throw e;
        }
    }

    /** A plain connection: the handshake on the blocking channel, then non-blocking, watched by the poller. */
    private static WebSocketConnection openPlain(URI uri, String host, int port, int timeout, Options options, Listener listener) throws IOException {
        SocketChannel channel = SocketChannel.open();
        try {
            Socket s = channel.socket();
            s.setTcpNoDelay(true); // each write should leave at once
            if (options.sendBufferBytes() > 0) s.setSendBufferSize(options.sendBufferBytes());
            s.connect(new InetSocketAddress(host, port), timeout);
            s.setSoTimeout(timeout);
            Handshake handshake = new Handshake(uri);
            OutputStream o = s.getOutputStream();
            o.write(handshake.request());
            o.flush();
            HandshakeInput in = new HandshakeInput(s.getInputStream());
            handshake.verify(in);
            channel.configureBlocking(false);
            WebSocketConnection c = new WebSocketConnection(channel, in.rest(), listener, options.maxMessageBytes(), uri.getHost() + ":" + port);
            c.startPlain();
            return c;
        } catch (IOException | RuntimeException e) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // already failing
            }
            throw e;
        }
    }

    /** The handshake's reader, which can tell what it read past the response. */
    private static final class HandshakeInput extends java.io.BufferedInputStream {
        HandshakeInput(InputStream in) {
            super(in, 4 * 1024);
        }

        byte[] rest() {
            return java.util.Arrays.copyOfRange(buf, pos, count);
        }
    }

    private void startPlain() throws IOException {
        registration = SocketPoller.register(channel, new SocketPoller.Handler() {
            @Override
            public void readable() {
                selectedInput.fill(channel);
            }

            @Override
            public void writable() {
                direct.writable();
            }
        });
        selectedInput.registered(registration);
        direct.registered(registration);
        Thread.ofVirtual().name("websocket-reader " + name).start(this::readLoop);
    }

    private static SSLContext defaultTls() throws IOException {
        try {
            return SSLContext.getDefault();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IOException("no TLS available: " + e.getMessage(), e);
        }
    }

    private static boolean isIpLiteral(String host) {
        return host.contains(":") || host.matches("[0-9.]+");
    }

    private void start() {
        Thread.ofVirtual().name("websocket-reader " + name).start(this::readLoop);
        Thread.ofVirtual().name("websocket-writer " + name).start(this::writeLoop);
    }

    // ---- sending

    /** Queues a text message. @return false once the connection is closing or ended (nothing is queued then) */
    public boolean send(Outgoing text) {
        if (closeQueued.get() || ended.get()) return false;
        enqueue(text);
        return true;
    }

    /** Queues a ping (at most 125 bytes of data). */
    public void ping(byte[] data) {
        if (data.length > 125) throw new IllegalArgumentException("a ping carries at most 125 bytes");
        if (!closeQueued.get() && !ended.get()) enqueue(new Control(FrameWriter.OP_PING, data));
    }

    /**
     * Queues a close frame after what is queued; nothing can be sent after it.
     *
     * @return completes when the close handshake is over and the socket closed (or the connection failed)
     */
    public CompletableFuture<Void> close(int code, String reason) {
        if (closeQueued.compareAndSet(false, true)) enqueue(new Control(FrameWriter.OP_CLOSE, closePayload(code, reason)));
        return terminated;
    }

    /** Closes the socket at once, without a close frame. */
    public void abort() {
        end();
    }

    /** @return whether the connection has ended (socket closed) */
    public boolean ended() {
        return ended.get();
    }

    private void enqueue(Object item) {
        if (direct != null) direct.send(item);
        else queue.add(item);
    }

    /** Drops what waits to be sent (a close is sent instead). */
    private void clearQueue() {
        if (direct != null) direct.clear();
        else queue.clear();
    }

    static byte[] closePayload(int code, String reason) {
        byte[] r = reason.getBytes(StandardCharsets.UTF_8);
        int n = Math.min(r.length, 123);
        while (n > 0 && n < r.length && (r[n] & 0xc0) == 0x80) n--; // not in the middle of a character
        byte[] p = new byte[2 + n];
        p[0] = (byte) (code >>> 8);
        p[1] = (byte) code;
        System.arraycopy(r, 0, p, 2, n);
        return p;
    }

    private void writeLoop() {
        FrameWriter writer = new FrameWriter(out, new MaskSource()::next, WRITE_BUFFER);
        List<Outgoing> batch = new ArrayList<>(MAX_BATCH);
        try {
            while (true) {
                Object next = queue.poll();
                if (next == null || batch.size() == MAX_BATCH) {
                    writer.flush();
                    written(batch);
                    if (next == null) next = queue.take();
                }
                if (next == STOP) return;
                if (next instanceof Outgoing t) {
                    writer.frame(FrameWriter.OP_TEXT, t);
                    batch.add(t);
                } else if (next instanceof Control c) {
                    writer.frame(c.opcode(), c.payload(), c.payload().length);
                    if (c.opcode() == FrameWriter.OP_CLOSE) {
                        writer.flush();
                        written(batch);
                        closeSent.complete(null);
                        if (closeReceived) end(); // the close handshake is complete
                        return;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            fail(e);
        } catch (RuntimeException e) {
            fail(e);
        } finally {
            closeSent.complete(null);
        }
    }

    /** Tells the senders of a batch that it has been written, and empties it (by index: no iterator per batch). */
    private static void written(List<Outgoing> batch) {
        for (int i = 0; i < batch.size(); i++) batch.get(i).written();
        batch.clear();
    }

    // ---- receiving

    private void readLoop() {
        FrameReader reader = new FrameReader(in, maxMessageBytes);
        FrameReader.Sink sink = new FrameReader.Sink() {
            @Override
            public void text(String text) {
                listener.onText(text);
            }

            @Override
            public void binary(byte[] data) {
                listener.onBinary(data);
            }

            @Override
            public void ping(byte[] data) {
                if (!closeQueued.get()) enqueue(new Control(FrameWriter.OP_PONG, data));
            }

            @Override
            public void pong(byte[] data) {
                listener.onPong(data);
            }

            @Override
            public void close(int code, String reason) {
                closeReceived = true;
                if (closeQueued.compareAndSet(false, true)) {
                    // answer at once with the same code; what is still queued will not be read
                    clearQueue();
                    enqueue(new Control(FrameWriter.OP_CLOSE, code == FrameReader.NO_STATUS ? new byte[0] : closePayload(code, "")));
                }
                try {
                    closeSent.get(1, TimeUnit.SECONDS);
                } catch (Exception notSent) {
                    // the socket is closed below either way
                }
                end();
                listener.onClose(code, reason);
            }

            @Override
            public void oversized(long bytes) {
                listener.onOversized(bytes);
            }
        };
        try {
            while (reader.next(sink)) {
                // one frame at a time
            }
        } catch (ProtocolException e) {
            // say why before going (bounded: the writer may be stuck behind a full socket)
            if (closeQueued.compareAndSet(false, true)) {
                clearQueue();
                enqueue(new Control(FrameWriter.OP_CLOSE, closePayload(e.closeCode(), e.getMessage())));
                try {
                    closeSent.get(1, TimeUnit.SECONDS);
                } catch (Exception notSent) {
                    // closed below
                }
            }
            fail(e);
        } catch (EOFException e) {
            if (!ended.get()) {
                end();
                listener.onClose(CLOSED_ABNORMALLY, "");
            }
        } catch (IOException | RuntimeException e) {
            fail(e);
        }
    }

    private void fail(Throwable error) {
        if (end()) listener.onError(error);
    }

    /** @return whether this call ended the connection */
    private boolean end() {
        if (!ended.compareAndSet(false, true)) return false;
        if (direct != null) {
            direct.stop();
            if (registration != null) registration.cancel();
            selectedInput.close();
        } else {
            queue.clear();
            queue.add(STOP);
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        closeSent.complete(null);
        terminated.complete(null);
        return true;
    }
}

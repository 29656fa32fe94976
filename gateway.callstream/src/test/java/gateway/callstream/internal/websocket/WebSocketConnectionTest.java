package gateway.callstream.internal.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client against Debian's python3-websockets (ws and wss) and against a server that breaks the protocol after
 * a correct handshake.
 */
class WebSocketConnectionTest {
    @TempDir
    Path tmp;
    private final List<Process> servers = new ArrayList<>();

    /** What the listener heard, in order. */
    private static final class Events implements WebSocketConnection.Listener {
        final BlockingQueue<String> seen = new LinkedBlockingQueue<>();
        volatile Throwable error;

        @Override
        public void onText(String text) {
            seen.add("text " + text);
        }

        @Override
        public void onBinary(byte[] data) {
            seen.add("binary " + data.length);
        }

        @Override
        public void onPong(byte[] data) {
            seen.add("pong " + new String(data, StandardCharsets.US_ASCII));
        }

        @Override
        public void onOversized(long bytes) {
            seen.add("oversized " + bytes);
        }

        @Override
        public void onClose(int code, String reason) {
            seen.add("close " + code + " " + reason);
        }

        @Override
        public void onError(Throwable e) {
            error = e;
            seen.add("error");
        }

        String next() throws InterruptedException {
            String s = seen.poll(10, TimeUnit.SECONDS);
            if (s == null) throw new AssertionError("nothing heard within 10 s");
            return s;
        }
    }

    private static final class Text implements WebSocketConnection.Outgoing {
        final byte[] bytes;
        final CompletableFuture<Void> written = new CompletableFuture<>();

        Text(String s) {
            bytes = s.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public int length() {
            return bytes.length;
        }

        @Override
        public void writeTo(byte[] target, int offset) {
            System.arraycopy(bytes, 0, target, offset, bytes.length);
        }

        @Override
        public void written() {
            written.complete(null);
        }
    }

    @AfterEach
    void stopServers() {
        servers.forEach(Process::destroy);
    }

    /** Starts echo_server.py; @return its port and its output */
    private Object[] pythonServer(String... tls) throws Exception {
        Path script = tmp.resolve("echo_server.py");
        try (InputStream in = getClass().getResourceAsStream("/websocket/echo_server.py")) {
            Files.copy(in, script, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/python3", script.toString()));
        cmd.addAll(List.of(tls));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        servers.add(p);
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        assertTrue(line != null && line.startsWith("port "), "the server did not start: " + line);
        return new Object[] {Integer.parseInt(line.substring(5).trim()), out};
    }

    private static WebSocketConnection.Options options(SSLContext tls) {
        return new WebSocketConnection.Options(Duration.ofSeconds(5), 32768, 1 << 20, tls);
    }

    @Test
    void talksToPythonWebsocketsAndClosesCleanly() throws Exception {
        Object[] server = pythonServer();
        int port = (Integer) server[0];
        Events events = new Events();
        WebSocketConnection c = WebSocketConnection.connect(URI.create("ws://127.0.0.1:" + port + "/audio?x=1"), options(null), events).get(10, TimeUnit.SECONDS);
        List<Text> sent = new ArrayList<>();
        for (String s : List.of("one", "caf\u00e9", "x".repeat(70_000))) {
            Text t = new Text(s);
            sent.add(t);
            assertTrue(c.send(t));
        }
        assertEquals("text one", events.next());
        assertEquals("text caf\u00e9", events.next());
        assertEquals("text " + "x".repeat(70_000), events.next());
        for (Text t : sent) assertTrue(t.written.isDone());
        c.ping("abc".getBytes(StandardCharsets.US_ASCII));
        assertEquals("pong abc", events.next());
        Thread.sleep(700); // the server pings every 0.2 s and would close a client that does not answer
        assertTrue(!c.ended(), "the server's pings are answered");
        c.close(1000, "done").get(10, TimeUnit.SECONDS);
        assertTrue(c.ended());
        assertEquals("closed 1000", ((BufferedReader) server[1]).readLine());
        assertTrue(!c.send(new Text("late")), "nothing is sent after the close");
    }

    @Test
    void aCloseFromTheServerIsAnsweredAndReported() throws Exception {
        Object[] server = pythonServer();
        Events events = new Events();
        WebSocketConnection c = WebSocketConnection.connect(URI.create("ws://127.0.0.1:" + server[0] + "/"), options(null), events).get(10, TimeUnit.SECONDS);
        c.send(new Text("close-me"));
        assertEquals("close 4001 bye", events.next());
        assertEquals("closed 4001", ((BufferedReader) server[1]).readLine(), "the close handshake completed");
        assertTrue(c.ended());
    }

    @Test
    void wssVerifiesTheCertificateAndTheHostName() throws Exception {
        Path key = tmp.resolve("key.pem"), cert = tmp.resolve("cert.pem");
        Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key.toString(), "-out", cert.toString(),
                "-days", "1", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost").redirectErrorStream(true).start();
        openssl.getInputStream().readAllBytes();
        assertEquals(0, openssl.waitFor());
        Object[] server = pythonServer(cert.toString(), key.toString());
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(cert)) {
            trust.setCertificateEntry("test", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, tmf.getTrustManagers(), null);

        Events events = new Events();
        WebSocketConnection c = WebSocketConnection.connect(URI.create("wss://localhost:" + server[0] + "/secure"), options(tls), events).get(10, TimeUnit.SECONDS);
        c.send(new Text("over tls"));
        assertEquals("text over tls", events.next());
        c.close(1000, "").get(10, TimeUnit.SECONDS);

        // the same server dialled by its address: the certificate names localhost only
        ExecutionException byIp = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> WebSocketConnection.connect(URI.create("wss://127.0.0.1:" + server[0] + "/"), options(tls), new Events()).get(10, TimeUnit.SECONDS));
        assertInstanceOf(SSLHandshakeException.class, byIp.getCause(), byIp.getCause().toString());
        // and a certificate nobody vouches for
        ExecutionException untrusted = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> WebSocketConnection.connect(URI.create("wss://localhost:" + server[0] + "/"), options(null), new Events()).get(10, TimeUnit.SECONDS));
        assertInstanceOf(SSLHandshakeException.class, untrusted.getCause(), untrusted.getCause().toString());
    }

    @Test
    void aMalformedFrameFromTheServerEndsTheConnectionWithACloseSayingWhy() throws Exception {
        try (ServerSocket listener = new ServerSocket(0)) {
            CompletableFuture<byte[]> clientClose = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                try (Socket s = listener.accept()) {
                    InputStream in = s.getInputStream();
                    StringBuilder head = new StringBuilder();
                    while (!head.toString().endsWith("\r\n\r\n")) head.append((char) in.read());
                    String key = head.toString().lines().filter(l -> l.startsWith("Sec-WebSocket-Key:")).findFirst().orElseThrow().substring(18).trim();
                    OutputStream out = s.getOutputStream();
                    out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: "
                            + Handshake.accept(key) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(new byte[] {(byte) 0x81, 0x01, 'a', (byte) 0x81, (byte) 0x81, 1, 2, 3, 4, 'b'}); // a good frame, then a masked one
                    out.flush();
                    // the client's close frame: masked, 2-byte code then the reason
                    int b0 = in.read(), b1 = in.read();
                    byte[] mask = in.readNBytes(4), payload = in.readNBytes(b1 & 0x7f);
                    for (int i = 0; i < payload.length; i++) payload[i] ^= mask[i & 3];
                    clientClose.complete(b0 == 0x88 ? payload : new byte[0]);
                } catch (Exception e) {
                    clientClose.completeExceptionally(e);
                }
            });
            Events events = new Events();
            WebSocketConnection c = WebSocketConnection.connect(URI.create("ws://127.0.0.1:" + listener.getLocalPort() + "/"), options(null), events)
                    .get(10, TimeUnit.SECONDS);
            assertEquals("text a", events.next());
            assertEquals("error", events.next());
            assertInstanceOf(ProtocolException.class, events.error);
            assertTrue(events.error.getMessage().contains("masked frame"), events.error.getMessage());
            byte[] close = clientClose.get(10, TimeUnit.SECONDS);
            assertEquals(1002, (close[0] & 0xff) << 8 | (close[1] & 0xff));
            assertTrue(new String(close, 2, close.length - 2, StandardCharsets.UTF_8).contains("masked frame"));
            assertTrue(c.ended());
        }
    }

    @Test
    void aServerThatRefusesTheUpgradeFailsTheConnectWithItsStatus() throws Exception {
        try (ServerSocket listener = new ServerSocket(0)) {
            Thread.ofVirtual().start(() -> {
                try (Socket s = listener.accept()) {
                    s.getInputStream().read(new byte[4096]);
                    s.getOutputStream().write("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                } catch (Exception ignored) {
                    // the test fails on the client's side
                }
            });
            ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                    () -> WebSocketConnection.connect(URI.create("ws://127.0.0.1:" + listener.getLocalPort() + "/"), options(null), new Events()).get(10, TimeUnit.SECONDS));
            assertInstanceOf(HandshakeException.class, e.getCause());
            assertTrue(e.getCause().getMessage().contains("HTTP 403"), e.getCause().getMessage());
        }
    }

    @Test
    void aServerThatStopsReadingHoldsNoSenderBackAndGetsEveryFrameInOrderOnceItReads() throws Exception {
        int frames = 2000;
        String filler = "m".repeat(1000);
        try (ServerSocket listener = new ServerSocket()) {
            listener.setReceiveBufferSize(16 * 1024); // the kernel holds little: most of the 2 MB must wait in the client
            listener.bind(new java.net.InetSocketAddress("127.0.0.1", 0));
            CompletableFuture<Void> allSent = new CompletableFuture<>();
            CompletableFuture<List<String>> received = new CompletableFuture<>();
            CompletableFuture<Void> checked = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                try (Socket s = listener.accept()) {
                    InputStream in = new java.io.BufferedInputStream(s.getInputStream());
                    StringBuilder head = new StringBuilder();
                    while (!head.toString().endsWith("\r\n\r\n")) head.append((char) in.read());
                    String key = head.toString().lines().filter(l -> l.startsWith("Sec-WebSocket-Key:")).findFirst().orElseThrow().substring(18).trim();
                    s.getOutputStream().write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: "
                            + Handshake.accept(key) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    allSent.get(30, TimeUnit.SECONDS); // reads nothing until the client has sent everything
                    List<String> texts = new ArrayList<>();
                    for (int i = 0; i < frames; i++) {
                        int b0 = in.read(), b1 = in.read();
                        int length = b1 & 0x7f;
                        if (length == 126) length = in.read() << 8 | in.read();
                        byte[] mask = in.readNBytes(4), payload = in.readNBytes(length);
                        for (int k = 0; k < payload.length; k++) payload[k] ^= mask[k & 3];
                        if (b0 != 0x81) throw new AssertionError("frame " + i + " is not a final text frame: " + b0);
                        texts.add(new String(payload, StandardCharsets.UTF_8));
                    }
                    received.complete(texts);
                    checked.get(30, TimeUnit.SECONDS); // the socket stays open while the client is checked
                } catch (Exception e) {
                    received.completeExceptionally(e);
                }
            });
            Events events = new Events();
            WebSocketConnection c = WebSocketConnection.connect(URI.create("ws://127.0.0.1:" + listener.getLocalPort() + "/"), options(null), events)
                    .get(10, TimeUnit.SECONDS);
            List<Text> sent = new ArrayList<>();
            for (int i = 0; i < frames; i++) {
                Text t = new Text(i + " " + filler);
                sent.add(t);
                assertTrue(c.send(t)); // returns although the server reads nothing: a blocked send would hang the test here
            }
            long waiting = sent.stream().filter(t -> !t.written.isDone()).count();
            allSent.complete(null);
            assertTrue(waiting > 0, "the socket could not have taken 2 MB: frames wait for room");
            List<String> texts = received.get(30, TimeUnit.SECONDS);
            for (int i = 0; i < frames; i++) assertEquals(i + " " + filler, texts.get(i), "frame " + i);
            for (Text t : sent) t.written.get(10, TimeUnit.SECONDS);
            assertTrue(!c.ended() && events.seen.isEmpty(), "the connection goes on: " + events.seen);
            checked.complete(null);
            c.abort();
        }
    }
}

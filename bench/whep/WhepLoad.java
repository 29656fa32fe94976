import gateway.lib.rtc.AudioSender;
import gateway.lib.rtc.LocalAudio;
import gateway.lib.rtc.PeerEnd;
import gateway.lib.rtc.PeerListener;
import gateway.lib.rtc.RtcPeer;
import gateway.lib.rtc.RtcTransport;
import gateway.lib.rtc.RtcTransportOptions;
import gateway.lib.rtc.RtpPacket;
import gateway.lib.rtc.SessionDescription;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * WHEP load client: N listeners on one transport of gateway.lib.rtc (controlling ICE side), each POSTing its offer,
 * counting the packets it receives for a while, then DELETEing its session. Prints one line of key=value figures.
 *
 * <p>With BENCH_SRTP_SAMPLE above 1 (default 1) each listener's datagrams pass a tap of its own first: a UDP socket the
 * answer's candidate is rewritten to, which relays STUN and DTLS both ways (ICE and the DTLS handshake stay the
 * transport's, end to end with the gateway), counts every SRTP packet from its cleartext RTP header (SSRC, sequence
 * number) and hands the listener's peer only a sample to authenticate and decrypt: the first {@value #FIRST} packets
 * (which also carry the stream across the peer's handshake) and then every BENCH_SRTP_SAMPLE-th, plus the gateway's
 * SRTCP. Every sampled packet must come out of the peer authenticated and with the SSRC counted (srtp_verified); an
 * SRTP packet the peer refuses (srtp_failed) or a listener whose samples never verify fails the run (exit code 1).
 * BENCH_SRTP_SAMPLE=1: no tap, the peer authenticates and decrypts every packet and loss is counted from what it
 * decrypted (the client's receive path as a browser's).
 *
 * <p>The window opens BENCH_SETTLE seconds (default 5) after the last listener connected: the joins' DTLS handshakes
 * leave both JVMs' JIT compilers busy for seconds, and the window measures listening, not that. The listeners listen
 * meanwhile (counted in lost_since_join); client_jit_ms is what this client still compiled within the window.
 *
 * <p>Usage: java -cp CP WhepLoad.java ENDPOINT N SECONDS [TOKEN]  (the gateway's CPU is measured by the caller while
 * "measuring" is printed on stderr).
 */
public class WhepLoad {
    /** Packets of each listener that its peer decrypts before the sampling starts (the peer keeps 16 during its handshake). */
    static final int FIRST = 16;
    /** Every how many packets (after the first ones) the peer authenticates and decrypts; 1: every packet, no tap. */
    static final int SAMPLE = Integer.parseInt(System.getenv().getOrDefault("BENCH_SRTP_SAMPLE", "1"));
    /** Seconds between the last listener's connection and the window (BENCH_SETTLE, default 5): the JIT's. */
    static final int SETTLE_SECONDS = Integer.parseInt(System.getenv().getOrDefault("BENCH_SETTLE", "5"));
    /**
     * Offers answered and deleted before the listeners join (BENCH_WARM_OFFERS, default 0): the HTTP and WHEP path as
     * a gateway that has served for a while runs it (compiled by the JIT), rather than a gateway's first requests.
     */
    static final int WARM_OFFERS = Integer.parseInt(System.getenv().getOrDefault("BENCH_WARM_OFFERS", "0"));
    /**
     * Offers to a stream that does not exist before the listeners join (BENCH_WARM_HTTP, default 0): each goes through
     * the gateway's HTTP server, its REST layer, the management filter and the WHEP resource and ends in 404 before a
     * session would be made. Against BENCH_WARM_OFFERS it tells how much of a cold gateway's offer time is its HTTP
     * stack's first requests and how much its WHEP session code's.
     */
    static final int WARM_HTTP = Integer.parseInt(System.getenv().getOrDefault("BENCH_WARM_HTTP", "0"));

    /**
     * One listener's counts. Loss is counted as an RTP receiver counts it (RFC 3550 A.3): over the measured window, the
     * sequence numbers from the first packet received to the last one minus the packets received, so packets that
     * never left the server count, and the moment the window opens (or a handshake's first packets) does not.
     */
    static final class Listener implements PeerListener {
        static volatile boolean measuring;
        /** Until the window closes, every packet counts for the loss since the listener's first packet. */
        static volatile boolean listening = true;
        final CountDownLatch connected = new CountDownLatch(1);
        volatile boolean isConnected;
        volatile PeerEnd end;
        /** The SSRC the gateway announced in its answer (-1: the first packet's). */
        volatile long ssrc = -1;
        // the counting thread's own (the tap's, or the transport's receive thread without a tap); read after the window closed
        long received;
        long firstSequence = -1;
        long highestSequence;
        // since the first packet, joins of the other listeners included
        long receivedAll;
        long firstAll = -1;
        long highestAll;
        /** Packets of another SSRC than the announced one (not counted as received). */
        long foreign;
        /** RTP packets the tap handed to the peer, and how many of them it decrypted with the SSRC counted (or another SSRC). */
        volatile long sampled;
        volatile long verified;
        volatile long wrongSsrc;
        /** When the listener asked to play (System.nanoTime) and when its first packet came (0: none yet). */
        volatile long joined;
        volatile long firstPacket;

        @Override public void onConnected(RtcPeer peer) {
            isConnected = true;
            connected.countDown();
        }
        @Override public void onClosed(RtcPeer peer, PeerEnd end, String detail) { this.end = end; }

        @Override
        public void onAudio(RtcPeer peer, RtpPacket packet) {
            if (SAMPLE == 1) {
                count(packet.ssrc(), packet.sequence());
            } else if (ssrc == (packet.ssrc() & 0xFFFFFFFFL)) {
                verified++; // the transport's receive thread only
            } else {
                wrongSsrc++;
            }
        }

        /** One RTP packet of the stream; returns whether the peer gets it to decrypt (with a tap). */
        boolean count(int packetSsrc, int seq) {
            if (ssrc < 0) ssrc = packetSsrc & 0xFFFFFFFFL;
            if (ssrc != (packetSsrc & 0xFFFFFFFFL)) {
                foreign++;
                return false;
            }
            if (firstPacket == 0) firstPacket = System.nanoTime();
            long index = receivedAll;
            if (listening) {
                if (firstAll < 0) {
                    firstAll = seq;
                    highestAll = seq;
                } else {
                    long ext = highestAll + (short) (seq - (int) (highestAll & 0xFFFF));
                    if (ext > highestAll) highestAll = ext;
                }
                receivedAll++;
            }
            if (measuring) {
                if (firstSequence < 0) {
                    firstSequence = seq;
                    highestSequence = seq;
                } else {
                    long ext = highestSequence + (short) (seq - (int) (highestSequence & 0xFFFF)); // 16-bit wrap
                    if (ext > highestSequence) highestSequence = ext;
                }
                received++;
            }
            // the first packets (the peer keeps them while it finishes its handshake), then every SAMPLE-th once connected,
            // and none after the window (all sampled packets are decrypted by the time the figures are read)
            boolean sample = listening && (index < FIRST || (isConnected && index % SAMPLE == 0));
            if (sample) sampled++;
            return sample;
        }

        long lost() {
            return firstSequence < 0 ? 0 : Math.max(0, highestSequence - firstSequence + 1 - received);
        }

        long lostAll() {
            return firstAll < 0 ? 0 : Math.max(0, highestAll - firstAll + 1 - receivedAll);
        }
    }

    /**
     * The listeners' taps: a UDP socket per listener between its peer and the gateway, all served by one thread. What
     * comes from the gateway's address goes to the peer (SRTP only as {@link Listener#count} samples it); anything else
     * comes from the peer and goes to the gateway.
     */
    static final class Taps implements AutoCloseable {
        static final class Tap {
            final Listener listener;
            final InetSocketAddress gateway;
            final DatagramChannel channel;
            InetSocketAddress peer;

            Tap(Listener listener, InetSocketAddress gateway, DatagramChannel channel) {
                this.listener = listener;
                this.gateway = gateway;
                this.channel = channel;
            }
        }

        final Selector selector = Selector.open();
        final ConcurrentLinkedQueue<Tap> pending = new ConcurrentLinkedQueue<>();
        final List<Tap> taps = new ArrayList<>();
        final ByteBuffer buffer = ByteBuffer.allocateDirect(2048);
        volatile boolean open = true;
        final Thread thread;

        Taps() throws IOException {
            thread = Thread.ofPlatform().name("whep-load-taps").daemon().start(this::run);
        }

        /** @return the tap's address, for the answer's candidate */
        InetSocketAddress add(Listener listener, InetSocketAddress gateway) throws IOException {
            DatagramChannel ch = DatagramChannel.open();
            ch.setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20);
            ch.setOption(StandardSocketOptions.SO_SNDBUF, 4 << 20);
            ch.configureBlocking(false);
            ch.bind(new InetSocketAddress("127.0.0.1", 0));
            Tap t = new Tap(listener, gateway, ch);
            taps.add(t);
            pending.add(t);
            selector.wakeup();
            return (InetSocketAddress) ch.getLocalAddress();
        }

        private void run() {
            try {
                while (open) {
                    selector.select(100);
                    Tap t;
                    while ((t = pending.poll()) != null) t.channel.register(selector, SelectionKey.OP_READ, t);
                    for (SelectionKey k : selector.selectedKeys()) if (k.isValid() && k.isReadable()) drain((Tap) k.attachment());
                    selector.selectedKeys().clear();
                }
            } catch (IOException | java.nio.channels.ClosedSelectorException e) {
                if (open) e.printStackTrace();
            }
        }

        private void drain(Tap t) {
            for (int i = 0; i < 256; i++) {
                buffer.clear();
                InetSocketAddress from;
                try {
                    from = (InetSocketAddress) t.channel.receive(buffer);
                } catch (IOException e) {
                    return;
                }
                if (from == null) return;
                buffer.flip();
                InetSocketAddress to;
                if (from.equals(t.gateway)) {
                    to = t.peer;
                    int len = buffer.remaining();
                    int first = len > 0 ? buffer.get(0) & 0xFF : 0;
                    if (first >= 128 && first <= 191 && len >= 12) { // RFC 7983: SRTP or SRTCP
                        int pt = buffer.get(1) & 0x7F;
                        if (pt >= 64 && pt <= 95) { // RFC 5761: RTCP
                            if (!t.listener.isConnected) continue;
                        } else if (!t.listener.count(buffer.getInt(8), buffer.getShort(2) & 0xFFFF)) {
                            continue;
                        }
                    }
                } else {
                    t.peer = from;
                    to = t.gateway;
                }
                if (to == null) continue;
                try {
                    t.channel.send(buffer, to);
                } catch (IOException e) {
                    // as the network would drop it
                }
            }
        }

        @Override
        public void close() throws IOException {
            open = false;
            selector.wakeup();
            try {
                thread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            for (Tap t : taps) t.channel.close();
            selector.close();
        }
    }

    /** The answer with its first candidate moved to the tap (the others dropped); sets the listener's SSRC. */
    static String throughTap(String answer, Taps taps, Listener l) throws IOException {
        StringBuilder out = new StringBuilder();
        boolean candidate = false;
        for (String line : answer.split("\r\n")) {
            if (line.startsWith("a=ssrc:") && l.ssrc < 0) l.ssrc = Long.parseLong(line.substring(7, line.indexOf(' ')));
            if (line.startsWith("a=candidate:")) {
                if (candidate) continue;
                candidate = true;
                String[] f = line.split(" ");
                InetSocketAddress tap = taps.add(l, new InetSocketAddress(f[4], Integer.parseInt(f[5])));
                f[4] = tap.getAddress().getHostAddress();
                f[5] = Integer.toString(tap.getPort());
                line = String.join(" ", f);
            }
            out.append(line).append("\r\n");
        }
        if (!candidate) throw new IllegalStateException("the answer has no candidate: " + answer);
        return out.toString();
    }

    /** How long the listeners may take to connect, all of them (also each listener's own connect timeout). */
    static final int CONNECT_SECONDS = 180;

    /** A WHEP offer's POST, with the token when there is one. */
    private static HttpRequest offerRequest(String endpoint, String token, String offer) {
        HttpRequest.Builder post = HttpRequest.newBuilder(URI.create(endpoint)).header("Content-Type", "application/sdp")
                .POST(HttpRequest.BodyPublishers.ofString(offer));
        if (token != null) post.header("Authorization", "Bearer " + token);
        return post.build();
    }

    /** A session's DELETE, with the token when there is one. */
    private static HttpRequest deleteRequest(URI session, String token) {
        HttpRequest.Builder delete = HttpRequest.newBuilder(session).DELETE();
        if (token != null) delete.header("Authorization", "Bearer " + token);
        return delete.build();
    }

    /** One offer answered by the server and its session deleted at once (no ICE, no DTLS). */
    private static void warmOffer(RtcTransport transport, HttpClient http, String endpoint, String token) throws Exception {
        RtcPeer peer = transport.newControllingPeer(new Listener());
        try {
            HttpResponse<String> r = http.send(offerRequest(endpoint, token, peer.offer(LocalAudio.receive()).toString()),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 201) throw new IllegalStateException("warm-up offer: POST answered " + r.statusCode() + " " + r.body());
            http.send(deleteRequest(URI.create(endpoint).resolve(r.headers().firstValue("Location").orElseThrow()), token),
                    HttpResponse.BodyHandlers.discarding());
        } finally {
            peer.close();
        }
    }

    /** An offer for a stream that does not exist, which the gateway must answer with 404. */
    private static void warmHttp(RtcTransport transport, HttpClient http, String endpoint, String token) throws Exception {
        RtcPeer peer = transport.newControllingPeer(new Listener());
        try {
            HttpResponse<String> r = http.send(offerRequest(endpoint + "-absent", token, peer.offer(LocalAudio.receive()).toString()),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 404) throw new IllegalStateException("warm-up offer to an absent stream: answered " + r.statusCode() + " " + r.body());
        } finally {
            peer.close();
        }
    }

    /**
     * How much this client warms its own code before its listeners join (BENCH_CLIENT_WARMUP, default 500; 0: not at
     * all): that many offers and DELETEs through its HTTP client to an HTTP server in this JVM, and half as many
     * listeners of its own transport connected to a second transport in this JVM that sends them audio. A cold JDK HTTP
     * client takes 100-250 ms over its first request and several ms over the next ones, and a cold listener path
     * keeps this JVM's JIT busy through the join storm: the offer times would count both as the gateway's. The gateway
     * sees none of it (BENCH_WARM_OFFERS warms the gateway).
     */
    static final int CLIENT_WARMUP = Integer.parseInt(System.getenv().getOrDefault("BENCH_CLIENT_WARMUP", "500"));

    /** Compiles this client's own code: its request path against a local HTTP server, its listeners' against a local transport. */
    private static void warmClient(RtcTransport transport, HttpClient http) throws Exception {
        if (CLIENT_WARMUP == 0) return;
        warmRequests(transport, http);
        warmListeners(transport);
    }

    /** Offers POSTed to, and sessions deleted from, an HTTP server in this JVM that answers as WHEP does. */
    private static void warmRequests(RtcTransport transport, HttpClient http) throws Exception {
        var server = com.sun.net.httpserver.HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        RtcPeer sample = transport.newControllingPeer(new Listener());
        byte[] answer = sample.offer(LocalAudio.receive()).toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        sample.close();
        server.createContext("/", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                boolean post = exchange.getRequestMethod().equals("POST");
                if (post) {
                    exchange.getResponseHeaders().add("Location", "/whep/warm/session");
                    exchange.getResponseHeaders().add("Content-Type", "application/sdp");
                }
                exchange.sendResponseHeaders(post ? 201 : 200, post ? answer.length : -1);
                if (post) exchange.getResponseBody().write(answer);
            }
        });
        server.start();
        try {
            String endpoint = "http://127.0.0.1:" + server.getAddress().getPort() + "/whep/warm";
            for (int i = 0; i < CLIENT_WARMUP; i++) warmOffer(transport, http, endpoint, "warm");
        } finally {
            server.stop(0);
        }
    }

    /** Listeners of this client's transport connected, 25 at a time, to a second transport in this JVM that sends them audio. */
    private static void warmListeners(RtcTransport transport) throws Exception {
        try (RtcTransport answering = RtcTransport.open(RtcTransportOptions.of(new InetSocketAddress("127.0.0.1", 0)).withMaxPeers(100))) {
            ByteBuffer frame = ByteBuffer.allocate(120);
            for (int batch = 0; batch < CLIENT_WARMUP / 50; batch++) {
                List<RtcPeer> peers = new ArrayList<>();
                List<Listener> listeners = new ArrayList<>();
                List<RtcPeer> sending = new ArrayList<>();
                for (int i = 0; i < 25; i++) {
                    Listener l = new Listener();
                    RtcPeer listener = transport.newControllingPeer(l);
                    RtcPeer sender = answering.newPeer(new PeerListener() { });
                    listener.accept(sender.answer(listener.offer(LocalAudio.receive()), LocalAudio.send()));
                    peers.add(listener);
                    peers.add(sender);
                    listeners.add(l);
                    sending.add(sender);
                }
                for (Listener l : listeners) {
                    if (!l.connected.await(10, TimeUnit.SECONDS)) throw new IllegalStateException("client warm-up: a local peer did not connect");
                }
                List<AudioSender> senders = new ArrayList<>();
                for (RtcPeer p : sending) p.audioSender().ifPresent(senders::add);
                for (int packet = 0; packet < 200; packet++) {
                    for (AudioSender sender : senders) sender.send(packet, packet * 20_000L, frame.clear());
                    if (packet % 10 == 9) Thread.sleep(5);
                }
                for (RtcPeer p : peers) p.close();
            }
        }
    }

    public static void main(String[] args) throws Exception {
        String endpoint = args[0];
        int n = Integer.parseInt(args[1]);
        int seconds = Integer.parseInt(args[2]);
        String token = args.length > 3 ? args[3] : null;
        if (SAMPLE < 1) throw new IllegalArgumentException("BENCH_SRTP_SAMPLE must be at least 1");
        // HTTP/1.1, as a browser's fetch over http:// uses: no h2c upgrade offered on every request
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try (RtcTransport transport = RtcTransport.open(RtcTransportOptions.of(new InetSocketAddress("127.0.0.1", 0)).withMaxPeers(n + 10)
                .withTimeouts(Duration.ofSeconds(CONNECT_SECONDS), Duration.ofSeconds(30)));
             Taps taps = SAMPLE > 1 ? new Taps() : null) {
            List<Listener> listeners = new ArrayList<>();
            List<RtcPeer> peers = new ArrayList<>();
            List<String> locations = new ArrayList<>();
            warmClient(transport, http);
            for (int i = 0; i < WARM_OFFERS; i++) warmOffer(transport, http, endpoint, token);
            for (int i = 0; i < WARM_HTTP; i++) warmHttp(transport, http, endpoint, token);
            double[] offerMillis = new double[n];
            // BENCH_OFFER_LOG=FILE: one line per offer, "answered-at (ms since the epoch) offer->201 (ms)", to set beside
            // the JVMs' GC or safepoint logs (-Xlog:...:time)
            String offerLogPath = System.getenv("BENCH_OFFER_LOG");
            java.io.PrintStream offerLog = offerLogPath == null ? null : new java.io.PrintStream(offerLogPath);
            for (int i = 0; i < n; i++) {
                Listener l = new Listener();
                RtcPeer peer = transport.newControllingPeer(l);
                HttpRequest post = offerRequest(endpoint, token, peer.offer(LocalAudio.receive()).toString());
                long t0 = System.nanoTime();
                l.joined = t0;
                HttpResponse<String> r = http.send(post, HttpResponse.BodyHandlers.ofString());
                offerMillis[i] = (System.nanoTime() - t0) / 1e6;
                if (offerLog != null) offerLog.printf("%d %.2f%n", System.currentTimeMillis(), offerMillis[i]);
                if (r.statusCode() != 201) throw new IllegalStateException("listener " + i + ": POST answered " + r.statusCode() + " " + r.body());
                peer.accept(SessionDescription.parse(taps == null ? r.body() : throughTap(r.body(), taps, l)));
                listeners.add(l);
                peers.add(peer);
                locations.add(URI.create(endpoint).resolve(r.headers().firstValue("Location").orElseThrow()).toString());
            }
            if (offerLog != null) offerLog.close();
            // joins queue behind each other's DTLS handshakes: one deadline for all of them, not 30 s for each
            int connected = 0;
            long joinDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(CONNECT_SECONDS);
            for (Listener l : listeners) {
                if (l.connected.await(Math.max(0, joinDeadline - System.nanoTime()), TimeUnit.NANOSECONDS)) connected++;
            }
            // the window opens once both JVMs had time to compile the listening path (the joins' handshakes leave the JIT
            // busy for seconds): the window measures listening, not start-up; the listeners listen meanwhile
            var jit = java.lang.management.ManagementFactory.getCompilationMXBean();
            Thread.sleep(SETTLE_SECONDS * 1000L);
            long jit0 = jit.getTotalCompilationTime();
            // this client's own CPU over the window (its receive path competes with the server for the same cores)
            var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
            System.err.println("measuring");
            Listener.measuring = true;
            long cpu0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            Listener.measuring = false;
            Listener.listening = false;
            double elapsed = (System.nanoTime() - t0) / 1e9;
            double clientCpu = (os.getProcessCpuTime() - cpu0) / 1e9 / elapsed * 100;
            long clientJitMillis = jit.getTotalCompilationTime() - jit0;
            Thread.sleep(100); // the receive thread's last counts of the window
            System.err.println("measured");
            Thread.sleep(2000); // the caller looks at the server with every listener on (and the peers decrypt the last samples)
            long[] got = new long[n];
            long lost = 0;
            int lossy = 0;
            long lostAll = 0;
            long receivedAll = 0;
            long foreign = 0, sampled = 0, verified = 0, wrongSsrc = 0;
            int unverifiedListeners = 0;
            double[] firstMillis = new double[n];
            for (int i = 0; i < n; i++) {
                Listener l = listeners.get(i);
                got[i] = l.received;
                lost += l.lost();
                if (l.lost() > 0) lossy++;
                lostAll += l.lostAll();
                receivedAll += l.receivedAll;
                foreign += l.foreign;
                sampled += l.sampled;
                verified += l.verified;
                wrongSsrc += l.wrongSsrc;
                if (SAMPLE > 1 && l.isConnected && l.sampled > 0 && l.verified == 0) unverifiedListeners++;
                firstMillis[i] = l.firstPacket == 0 ? Double.POSITIVE_INFINITY : (l.firstPacket - l.joined) / 1e6;
            }
            long srtpFailed = transport.stats().srtpRejected();
            Arrays.sort(firstMillis);
            for (String loc : locations) http.send(deleteRequest(URI.create(loc), token), HttpResponse.BodyHandlers.discarding());
            for (RtcPeer p : peers) p.close();
            Arrays.sort(offerMillis);
            Arrays.sort(got);
            long total = Arrays.stream(got).sum();
            double expected = elapsed * 50; // 20 ms packets
            System.out.printf("listeners=%d connected=%d offer_ms_median=%.1f offer_ms_p99=%.1f offer_ms_max=%.1f "
                            + "packets_per_listener_min=%d median=%d expected=%.0f lost=%d loss=%.5f lossy_listeners=%d "
                            + "client_cpu_pct=%.1f srtp_sample=%d srtp_sampled=%d srtp_verified=%d srtp_failed=%d foreign_ssrc=%d "
                            + "first_packet_ms_median=%.0f first_packet_ms_p99=%.0f lost_since_join=%d loss_since_join=%.5f settle_s=%d client_jit_ms=%d%n",
                    n, connected, offerMillis[n / 2], offerMillis[Math.min(n - 1, (int) (n * 0.99))], offerMillis[n - 1],
                    got[0], got[n / 2], expected, lost, lost / (double) (lost + total), lossy,
                    clientCpu, SAMPLE, SAMPLE > 1 ? sampled : receivedAll, SAMPLE > 1 ? verified : receivedAll, srtpFailed, foreign,
                    firstMillis[n / 2], firstMillis[Math.min(n - 1, (int) (n * 0.99))], lostAll, lostAll / (double) (lostAll + receivedAll),
                    SETTLE_SECONDS, clientJitMillis);
            // a broken SRTP stream must not pass for a quiet one: the sampled packets are the proof that it decrypts. When
            // every packet is decrypted (SAMPLE 1) loss is counted from the decrypted packets themselves, and a packet the
            // replay window refuses under a starved client is a figure (srtp_failed), not a broken stream
            if ((SAMPLE > 1 && srtpFailed > 0) || wrongSsrc > 0 || unverifiedListeners > 0) {
                System.err.printf("SRTP FAILED: %d SRTP/SRTCP packets refused by the listeners' peers (authentication, replay), "
                        + "%d decrypted with another SSRC than the one counted, %d connected listeners with sampled packets of "
                        + "which none decrypted (%d of %d sampled packets verified)%n", srtpFailed, wrongSsrc, unverifiedListeners, verified, sampled);
                System.exit(1);
            }
        }
    }
}

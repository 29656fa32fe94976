import gateway.lib.rtc.LocalAudio;
import gateway.lib.rtc.PeerEnd;
import gateway.lib.rtc.PeerListener;
import gateway.lib.rtc.RtcPeer;
import gateway.lib.rtc.RtcTransport;
import gateway.lib.rtc.RtcTransportOptions;
import gateway.lib.rtc.RtpPacket;
import gateway.lib.rtc.SessionDescription;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The same listeners as WhepLoad.java, against Janus's streaming plugin (mountpoint 1) over its HTTP API: per listener a
 * Janus session and handle, "watch" (Janus offers), gateway.lib.rtc's answering side answers, "start". Counts the
 * packets each receives while "measuring" (stderr), then detaches. Prints one line of key=value figures like WhepLoad.
 * The listeners' transport binds to the address of Janus's first IPv4 candidate: Janus does not gather on loopback, and
 * its ICE agent pairs only candidates it can reach from its own.
 *
 * <p>Usage: java -cp CP JanusLoad.java JANUS_URL N SECONDS   (JANUS_URL e.g. http://127.0.0.1:8088/janus)
 */
public class JanusLoad {
    static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*(\\d+)");
    static final Pattern CANDIDATE = Pattern.compile("(?m)^a=candidate:\\S+ 1 udp \\d+ (\\d+\\.\\d+\\.\\d+\\.\\d+) ");
    static final Pattern SDP = Pattern.compile("\"sdp\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
    static final HttpClient HTTP = HttpClient.newHttpClient();

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
        final AtomicLong packets = new AtomicLong();
        volatile PeerEnd end;
        // the receive thread's own while measuring; read after the window closed
        long received;
        long firstSequence = -1;
        long highestSequence;
        // since the first packet, joins of the other listeners included
        long receivedAll;
        long firstAll = -1;
        long highestAll;
        /** When the listener asked to play (System.nanoTime) and when its first packet came (0: none yet). */
        volatile long joined;
        volatile long firstPacket;

        @Override public void onConnected(RtcPeer peer) { connected.countDown(); }
        @Override public void onClosed(RtcPeer peer, PeerEnd end, String detail) { this.end = end; }

        @Override
        public void onAudio(RtcPeer peer, RtpPacket packet) {
            packets.incrementAndGet();
            int seq = packet.sequence();
            if (firstPacket == 0) firstPacket = System.nanoTime();
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
            if (!measuring) return;
            if (firstSequence < 0) {
                firstSequence = seq;
                highestSequence = seq;
            } else {
                long ext = highestSequence + (short) (seq - (int) (highestSequence & 0xFFFF)); // 16-bit wrap
                if (ext > highestSequence) highestSequence = ext;
            }
            received++;
        }

        long lost() {
            return firstSequence < 0 ? 0 : Math.max(0, highestSequence - firstSequence + 1 - received);
        }

        long lostAll() {
            return firstAll < 0 ? 0 : Math.max(0, highestAll - firstAll + 1 - receivedAll);
        }
    }

    /** How long the listeners may take to connect, all of them (also each listener's own connect timeout). */
    static final int CONNECT_SECONDS = 180;

    /**
     * Warms this client's HTTP path as WhepLoad warms its own (BENCH_CLIENT_WARMUP requests, default 500), so that
     * neither server's offer times carry a cold client: Janus's requests (a POSTed message, then the session's long
     * poll) against an HTTP server in this JVM that answers them at once; Janus sees none of it.
     */
    static void warmClient() throws Exception {
        int requests = Integer.parseInt(System.getenv().getOrDefault("BENCH_CLIENT_WARMUP", "500"));
        var local = com.sun.net.httpserver.HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        byte[] event = "{\"janus\":\"event\",\"jsep\":{\"type\":\"offer\",\"sdp\":\"v=0\\r\\n\"}}".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        local.createContext("/", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                exchange.sendResponseHeaders(200, event.length);
                exchange.getResponseBody().write(event);
            }
        });
        local.start();
        try {
            String url = "http://127.0.0.1:" + local.getAddress().getPort() + "/janus/1";
            for (int i = 0; i < requests; i++) {
                post(url, "{\"janus\":\"message\",\"body\":{\"request\":\"watch\",\"id\":1}}");
                String polled = HTTP.send(HttpRequest.newBuilder(URI.create(url + "?maxev=1")).build(), HttpResponse.BodyHandlers.ofString()).body();
                if (!SDP.matcher(polled).find()) throw new IllegalStateException("client warm-up: " + polled);
            }
        } finally {
            local.stop(0);
        }
    }

    public static void main(String[] args) throws Exception {
        String janus = args[0];
        int n = Integer.parseInt(args[1]);
        int seconds = Integer.parseInt(args[2]);
        RtcTransport transport = null;
        warmClient();
        try {
            List<Listener> listeners = new ArrayList<>();
            List<RtcPeer> peers = new ArrayList<>();
            List<String> handles = new java.util.concurrent.CopyOnWriteArrayList<>();
            // as Janus's own client library does: a session without a request for session_timeout (60 s) is destroyed,
            // and setting up hundreds of listeners one after the other takes longer than that
            Thread keepalive = Thread.ofVirtual().start(() -> {
                try {
                    while (true) {
                        Thread.sleep(15_000);
                        for (String h : handles) post(h.substring(0, h.lastIndexOf('/')), "{\"janus\":\"keepalive\"}");
                    }
                } catch (InterruptedException stopped) {
                    // measured
                } catch (Exception e) {
                    System.err.println("keepalive failed: " + e);
                }
            });
            double[] offerMillis = new double[n];
            for (int i = 0; i < n; i++) {
                String session = janus + "/" + id(post(janus, "{\"janus\":\"create\"}"));
                String handle = session + "/" + id(post(session, "{\"janus\":\"attach\",\"plugin\":\"janus.plugin.streaming\"}"));
                long t0 = System.nanoTime();
                post(handle, "{\"janus\":\"message\",\"body\":{\"request\":\"watch\",\"id\":1}}");
                String offer = null;
                while (offer == null) { // Janus sends its offer as an event on the session's long poll
                    String event = HTTP.send(HttpRequest.newBuilder(URI.create(session + "?maxev=1")).build(),
                            HttpResponse.BodyHandlers.ofString()).body();
                    Matcher m = SDP.matcher(event);
                    if (m.find()) offer = unescape(m.group(1));
                }
                offerMillis[i] = (System.nanoTime() - t0) / 1e6;
                if (transport == null) {
                    Matcher c = CANDIDATE.matcher(offer);
                    if (!c.find()) throw new IllegalStateException("no IPv4 candidate in Janus's offer:\n" + offer);
                    // Janus keeps a path alive with STUN indications, not the binding requests that renew consent here
                    // (RFC 7675 is the browser's side), so a listener would end itself 30 s after connecting
                    transport = RtcTransport.open(RtcTransportOptions.of(new InetSocketAddress(c.group(1), 0)).withMaxPeers(n + 10)
                            .withTimeouts(Duration.ofSeconds(CONNECT_SECONDS), Duration.ofHours(1)));
                }
                Listener l = new Listener();
                l.joined = t0;
                RtcPeer peer = transport.newPeer(l);
                String answer = peer.answer(SessionDescription.parse(offer), LocalAudio.receive()).toString();
                post(handle, "{\"janus\":\"message\",\"body\":{\"request\":\"start\"},\"jsep\":{\"type\":\"answer\",\"trickle\":false,\"sdp\":\""
                        + escape(answer) + "\"}}");
                listeners.add(l);
                peers.add(peer);
                handles.add(handle);
            }
            // joins queue behind each other's DTLS handshakes: one deadline for all of them, not 30 s for each
            int connected = 0;
            long joinDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(CONNECT_SECONDS);
            for (Listener l : listeners) {
                if (l.connected.await(Math.max(0, joinDeadline - System.nanoTime()), TimeUnit.NANOSECONDS)) connected++;
            }
            // the same settle time as WhepLoad before the window, so both servers are measured listening
            Thread.sleep(Integer.parseInt(System.getenv().getOrDefault("BENCH_SETTLE", "5")) * 1000L);
            System.err.println("measuring");
            Listener.measuring = true;
            long t0 = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            Listener.measuring = false;
            Listener.listening = false;
            double elapsed = (System.nanoTime() - t0) / 1e9;
            Thread.sleep(100); // the receive thread's last counts of the window
            System.err.println("measured");
            Thread.sleep(2000); // the caller looks at the server with every listener on
            long[] got = new long[n];
            long lost = 0;
            int lossy = 0;
            long lostAll = 0;
            long receivedAll = 0;
            double[] firstMillis = new double[n];
            for (int i = 0; i < n; i++) {
                Listener l = listeners.get(i);
                got[i] = l.received;
                lost += l.lost();
                if (l.lost() > 0) lossy++;
                lostAll += l.lostAll();
                receivedAll += l.receivedAll;
                firstMillis[i] = l.firstPacket == 0 ? Double.POSITIVE_INFINITY : (l.firstPacket - l.joined) / 1e6;
            }
            Arrays.sort(firstMillis);
            keepalive.interrupt();
            for (String h : handles) {
                post(h, "{\"janus\":\"detach\"}");
                post(h.substring(0, h.lastIndexOf('/')), "{\"janus\":\"destroy\"}");
            }
            for (RtcPeer p : peers) p.close();
            Arrays.sort(offerMillis);
            Arrays.sort(got);
            long total = Arrays.stream(got).sum();
            double expected = elapsed * 50; // 20 ms packets
            System.out.printf("listeners=%d connected=%d offer_ms_median=%.1f offer_ms_p99=%.1f offer_ms_max=%.1f "
                            + "packets_per_listener_min=%d median=%d expected=%.0f lost=%d loss=%.5f lossy_listeners=%d srtp_rejected=%d "
                            + "first_packet_ms_median=%.0f first_packet_ms_p99=%.0f lost_since_join=%d loss_since_join=%.5f%n",
                    n, connected, offerMillis[n / 2], offerMillis[Math.min(n - 1, (int) (n * 0.99))], offerMillis[n - 1],
                    got[0], got[n / 2], expected, lost, lost / (double) (lost + total), lossy, transport.stats().srtpRejected(),
                    firstMillis[n / 2], firstMillis[Math.min(n - 1, (int) (n * 0.99))], lostAll, lostAll / (double) (lostAll + receivedAll));
        } finally {
            if (transport != null) transport.close();
        }
    }

    /** A request to Janus's HTTP API, with the transaction every request needs; fails on an error answer. */
    static String post(String url, String json) throws Exception {
        String body = json.substring(0, json.length() - 1) + ",\"transaction\":\"" + UUID.randomUUID() + "\"}";
        String answer = HTTP.send(HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        if (answer.contains("\"error\"")) throw new IllegalStateException(url + " " + json + " -> " + answer);
        return answer;
    }

    static String id(String answer) {
        Matcher m = ID.matcher(answer);
        if (!m.find()) throw new IllegalStateException("no id in " + answer);
        return m.group(1);
    }

    static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\r", "\\r").replace("\n", "\\n");
    }

    static String unescape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\') {
                b.append(c);
                continue;
            }
            char e = s.charAt(++i);
            switch (e) {
                case 'r' -> b.append('\r');
                case 'n' -> b.append('\n');
                case 't' -> b.append('\t');
                case 'u' -> {
                    b.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                default -> b.append(e);
            }
        }
        return b.toString();
    }
}

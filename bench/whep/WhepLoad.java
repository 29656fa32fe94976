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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * WHEP load client: N listeners on one transport of gateway.lib.rtc (controlling ICE side), each POSTing its offer,
 * counting the packets it receives for a while, then DELETEing its session. Prints one line of key=value figures.
 *
 * <p>Usage: java -cp CP WhepLoad.java ENDPOINT N SECONDS [TOKEN]  (the gateway's CPU is measured by the caller while
 * "measuring" is printed on stderr).
 */
public class WhepLoad {
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

    public static void main(String[] args) throws Exception {
        String endpoint = args[0];
        int n = Integer.parseInt(args[1]);
        int seconds = Integer.parseInt(args[2]);
        String token = args.length > 3 ? args[3] : null;
        HttpClient http = HttpClient.newHttpClient();
        try (RtcTransport transport = RtcTransport.open(RtcTransportOptions.of(new InetSocketAddress("127.0.0.1", 0)).withMaxPeers(n + 10)
                .withTimeouts(Duration.ofSeconds(CONNECT_SECONDS), Duration.ofSeconds(30)))) {
            List<Listener> listeners = new ArrayList<>();
            List<RtcPeer> peers = new ArrayList<>();
            List<String> locations = new ArrayList<>();
            double[] offerMillis = new double[n];
            for (int i = 0; i < n; i++) {
                Listener l = new Listener();
                RtcPeer peer = transport.newControllingPeer(l);
                String offer = peer.offer(LocalAudio.receive()).toString();
                HttpRequest.Builder post = HttpRequest.newBuilder(URI.create(endpoint)).header("Content-Type", "application/sdp")
                        .POST(HttpRequest.BodyPublishers.ofString(offer));
                if (token != null) post.header("Authorization", "Bearer " + token);
                long t0 = System.nanoTime();
                l.joined = t0;
                HttpResponse<String> r = http.send(post.build(), HttpResponse.BodyHandlers.ofString());
                offerMillis[i] = (System.nanoTime() - t0) / 1e6;
                if (r.statusCode() != 201) throw new IllegalStateException("listener " + i + ": POST answered " + r.statusCode() + " " + r.body());
                peer.accept(SessionDescription.parse(r.body()));
                listeners.add(l);
                peers.add(peer);
                locations.add(URI.create(endpoint).resolve(r.headers().firstValue("Location").orElseThrow()).toString());
            }
            // joins queue behind each other's DTLS handshakes: one deadline for all of them, not 30 s for each
            int connected = 0;
            long joinDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(CONNECT_SECONDS);
            for (Listener l : listeners) {
                if (l.connected.await(Math.max(0, joinDeadline - System.nanoTime()), TimeUnit.NANOSECONDS)) connected++;
            }
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
            for (String loc : locations) {
                HttpRequest.Builder del = HttpRequest.newBuilder(URI.create(loc)).DELETE();
                if (token != null) del.header("Authorization", "Bearer " + token);
                http.send(del.build(), HttpResponse.BodyHandlers.discarding());
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
        }
    }
}

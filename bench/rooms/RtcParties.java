import gateway.lib.ogg.OggPage;
import gateway.lib.ogg.OggPageReader;
import gateway.lib.ogg.OpusDemuxer;
import gateway.lib.ogg.OpusHead;
import gateway.lib.ogg.OpusTags;
import gateway.lib.rtc.AudioDirection;
import gateway.lib.rtc.AudioSender;
import gateway.lib.rtc.LocalAudio;
import gateway.lib.rtc.PeerListener;
import gateway.lib.rtc.RtcPeer;
import gateway.lib.rtc.RtcTransport;
import gateway.lib.rtc.RtcTransportOptions;
import gateway.lib.rtc.RtpPacket;
import gateway.lib.rtc.SessionDescription;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the room and session load clients share: WebRTC publishers and listeners on one transport of gateway.lib.rtc
 * (its controlling side, towards the gateway's ICE-lite endpoints), one pacer sending every publisher's Opus packets
 * of a real Ogg/Opus file every 20 ms, HTTP calls, and the gateway's CPU and memory read from /proc.
 */
final class RtcParties implements AutoCloseable {
    final String base;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
    final RtcTransport transport;
    final List<byte[]> opus;
    final List<Publisher> publishers = new CopyOnWriteArrayList<>();
    final List<Listener> listeners = new CopyOnWriteArrayList<>();
    final AtomicLong lateTicks = new AtomicLong(), ticks = new AtomicLong();
    private final Thread pacer;
    private volatile boolean running = true;

    RtcParties(String base, Path ogg, int maxPeers) throws Exception {
        this.base = base;
        this.opus = packets(ogg);
        warmUp(Integer.parseInt(System.getenv().getOrDefault("BENCH_WARMUP", "200")));
        // a peer of the load client gives its handshake as long as the 30 s in which a listener must hear its first
        // packet (a browser keeps retransmitting its DTLS flights longer than that); its default (15 s) would end, in
        // a crowd of joins, handshakes the gateway is about to complete
        this.transport = RtcTransport.open(RtcTransportOptions.of(new InetSocketAddress("127.0.0.1", 0)).withMaxPeers(maxPeers)
                .withTimeouts(Duration.ofSeconds(30), Duration.ofSeconds(30)));
        this.pacer = Thread.ofPlatform().name("pacer").daemon().start(this::pace);
    }

    /**
     * Runs handshakes between two transports of this JVM, one after the other, before any party joins: the load
     * client's DTLS code is then compiled (C2), as a browser's native stack is, instead of running interpreted through
     * the first hundreds of handshakes of a crowd of joins and holding the gateway's handshakes up for it.
     */
    static void warmUp(int handshakes) throws Exception {
        if (handshakes <= 0) return;
        long t0 = System.nanoTime();
        InetSocketAddress any = new InetSocketAddress("127.0.0.1", 0);
        try (RtcTransport a = RtcTransport.open(RtcTransportOptions.of(any)); RtcTransport b = RtcTransport.open(RtcTransportOptions.of(any))) {
            for (int i = 0; i < handshakes; i++) {
                CountDownLatch both = new CountDownLatch(2);
                PeerListener up = new PeerListener() {
                    @Override public void onConnected(RtcPeer p) { both.countDown(); }
                };
                RtcPeer client = a.newControllingPeer(up);
                RtcPeer server = b.newPeer(up);
                SessionDescription offer = client.offer(LocalAudio.receive());
                client.accept(SessionDescription.parse(server.answer(SessionDescription.parse(offer.toString()), LocalAudio.send()).toString()));
                boolean ok = both.await(15, TimeUnit.SECONDS);
                client.close();
                server.close();
                if (!ok) throw new IllegalStateException("warm-up handshake " + i + " did not connect");
            }
        }
        System.err.printf("load client warmed up: %d handshakes in %.1f s%n", handshakes, (System.nanoTime() - t0) / 1e9);
    }

    /** A participant's published microphone: a sending peer and the packets it has sent. */
    static final class Publisher implements PeerListener {
        final CountDownLatch connected = new CountDownLatch(1);
        final AtomicLong sent = new AtomicLong();
        volatile RtcPeer peer;
        volatile AudioSender sender;
        volatile String trackSid;
        volatile long answeredNanos, connectedNanos;
        long sequence;

        @Override public void onConnected(RtcPeer p) {
            connectedNanos = System.nanoTime();
            sender = p.audioSender().orElseThrow();
            connected.countDown();
        }
    }

    /** One WHEP session hearing one track: its packets, the gaps in their sequence numbers and when the first came. */
    static final class Listener implements PeerListener {
        final CountDownLatch connected = new CountDownLatch(1);
        final CountDownLatch heard = new CountDownLatch(1);
        final AtomicLong packets = new AtomicLong(), gaps = new AtomicLong(), highest = new AtomicLong();
        final Publisher source;
        final long startNanos;
        final int person;
        volatile long firstNanos, answeredNanos, connectedNanos;
        private int last = -1;

        Listener(Publisher source, long startNanos, int person) {
            this.source = source;
            this.startNanos = startNanos;
            this.person = person;
        }

        @Override public void onConnected(RtcPeer p) {
            connectedNanos = System.nanoTime();
            connected.countDown();
        }

        /** How the listener's peer ended, if it did: why a listener heard nothing (the load client's timeout or the gateway's). */
        volatile String end;

        @Override public void onClosed(RtcPeer p, gateway.lib.rtc.PeerEnd why, String detail) {
            end = why + (connectedNanos == 0 ? " before connecting" : " after connecting") + ": " + detail;
        }

        @Override public void onAudio(RtcPeer p, RtpPacket packet) {
            int seq = packet.sequence();
            if (last >= 0) {
                int delta = (seq - last) & 0xFFFF;
                if (delta == 0 || delta > 0x8000) return; // duplicate or reordered: not counted twice
                if (delta > 1) gaps.addAndGet(delta - 1);
                highest.addAndGet(delta);
            } else {
                firstNanos = System.nanoTime();
                heard.countDown();
            }
            last = seq;
            packets.incrementAndGet();
        }

        double joinMillis() { return firstNanos == 0 ? Double.NaN : (firstNanos - startNanos) / 1e6; }
    }

    /** Publishes over WHIP: POSTs the offer with the token, applies the answer. @return the publisher (not yet connected) */
    Publisher publish(String whipUrl, String token) throws Exception {
        Publisher p = new Publisher();
        RtcPeer peer = transport.newControllingPeer(p);
        p.peer = peer;
        HttpResponse<String> r = sdp(whipUrl, token, peer.offer(new LocalAudio(AudioDirection.SEND, 2)).toString());
        p.answeredNanos = System.nanoTime();
        peer.accept(SessionDescription.parse(r.body()));
        publishers.add(p);
        return p;
    }

    /** Listens over WHEP to one track. @return the listener (not yet connected) */
    Listener listen(String whepUrl, String token, Publisher source, long startNanos, int person) throws Exception {
        Listener l = new Listener(source, startNanos, person);
        RtcPeer peer = transport.newControllingPeer(l);
        HttpResponse<String> r = sdp(whepUrl, token, peer.offer(LocalAudio.receive()).toString());
        l.answeredNanos = System.nanoTime();
        peer.accept(SessionDescription.parse(r.body()));
        listeners.add(l);
        return l;
    }

    private HttpResponse<String> sdp(String url, String token, String offer) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/sdp")
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.ofString(offer)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) throw new IllegalStateException("POST " + url + " answered " + r.statusCode() + ": " + r.body());
        return r;
    }

    /** POSTs JSON. @return the body of a 2xx answer */
    String postJson(String path, String json, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        for (int i = 0; i + 1 < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) throw new IllegalStateException("POST " + path + " answered " + r.statusCode() + ": " + r.body());
        return r.body();
    }

    String get(String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) throw new IllegalStateException("GET " + path + " answered " + r.statusCode() + ": " + r.body());
        return r.body();
    }

    int delete(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).DELETE();
        for (int i = 0; i + 1 < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        return http.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** A participant token from the tutorial's public POST /token. */
    String token(String room, String participant) throws Exception {
        return field(postJson("/token", "{\"roomName\":\"" + room + "\",\"participantName\":\"" + participant + "\"}"), "token");
    }

    /** The sid of the participant's (first) track, from GET /rooms/{room}/participants/{identity}. */
    String trackOf(String room, String identity) throws Exception {
        Matcher m = Pattern.compile("\"tracks\":\\[\\{\"sid\":\"([^\"]+)\"").matcher(get("/rooms/" + room + "/participants/" + identity));
        if (!m.find()) throw new IllegalStateException(identity + " in " + room + " has no track");
        return m.group(1);
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        if (!m.find()) throw new IllegalStateException("no " + name + " in " + json);
        return m.group(1);
    }

    /** Every publisher sends its next packet each 20 ms (from its first connected tick), all on this one thread. */
    private void pace() {
        long next = System.nanoTime();
        ByteBuffer[] payloads = opus.stream().map(ByteBuffer::wrap).toArray(ByteBuffer[]::new);
        while (running) {
            next += 20_000_000L;
            long wait = next - System.nanoTime();
            if (wait > 0) LockSupport.parkNanos(wait);
            else if (-wait > 10_000_000L) lateTicks.incrementAndGet();
            ticks.incrementAndGet();
            for (Publisher p : publishers) {
                AudioSender s = p.sender;
                if (s == null) continue;
                ByteBuffer b = payloads[(int) (p.sequence % payloads.length)].duplicate();
                if (s.send(p.sequence, p.sequence * 20_000L, b)) p.sent.incrementAndGet();
                p.sequence++;
            }
        }
    }

    /** The Opus packets of an Ogg/Opus file (20 ms each, as ffmpeg writes them with -page_duration 20000). */
    static List<byte[]> packets(Path ogg) throws Exception {
        List<byte[]> out = new ArrayList<>();
        OpusDemuxer demuxer = new OpusDemuxer(new OpusDemuxer.Listener() {
            @Override public void onHeaders(OpusHead head, OpusTags tags) { }
            @Override public void onPacket(long t, long d, byte[] packet) { out.add(packet); }
        });
        byte[] data = Files.readAllBytes(ogg);
        for (OggPage page : new OggPageReader().feed(data, 0, data.length)) demuxer.accept(page);
        if (out.isEmpty()) throw new IOException(ogg + " holds no Opus packet");
        return out;
    }

    static boolean awaitAll(Collection<? extends Object> items, java.util.function.Function<Object, CountDownLatch> latch, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        for (Object o : items) {
            if (!latch.apply(o).await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) return false;
        }
        return true;
    }

    @Override public void close() {
        running = false;
        transport.close();
    }

    // ---- Measurement ------------------------------------------------------------------------------------------

    /**
     * CPU ticks (user + system), resident memory and the datagrams the kernel dropped at the process's UDP sockets
     * (full receive buffers: the process did not read in time), from /proc.
     */
    record Proc(long ticks, long rssKb, long udpDrops) {
        static Proc of(long pid) throws IOException {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // fields 14 and 15 of stat
            long rss = 0;
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) rss = Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
            return new Proc(ticks, rss, udpDrops(pid));
        }

        static long udpDrops(long pid) throws IOException {
            java.util.Set<String> inodes = new java.util.HashSet<>();
            try (var fds = Files.newDirectoryStream(Path.of("/proc/" + pid + "/fd"))) {
                for (Path fd : fds) {
                    try {
                        String link = Files.readSymbolicLink(fd).toString();
                        if (link.startsWith("socket:[")) inodes.add(link.substring(8, link.length() - 1));
                    } catch (IOException closed) {
                        // closed while listed
                    }
                }
            }
            long drops = 0;
            for (String table : List.of("/proc/net/udp", "/proc/net/udp6")) {
                List<String> lines;
                try {
                    lines = Files.readAllLines(Path.of(table));
                } catch (IOException absent) {
                    continue;
                }
                for (String line : lines.subList(1, lines.size())) {
                    String[] f = line.trim().split("\\s+");
                    if (f.length > 12 && inodes.contains(f[9])) drops += Long.parseLong(f[12]);
                }
            }
            return drops;
        }
    }

    /** A measured window: the gateway's and this client's CPU, and what every listener got of what its source sent. */
    static final class Window {
        final long gatewayPid;
        final int hz;
        Proc gw0, gw1, me0, me1;
        long t0, t1, late0, late1;
        long[] packets0, gaps0, sent0, hi0, packets1, gaps1, sent1, hi1;
        List<Listener> ls;

        Window(long gatewayPid, int hz) {
            this.gatewayPid = gatewayPid;
            this.hz = hz;
        }

        void measure(RtcParties parties, List<Listener> ls, int seconds) throws Exception {
            this.ls = ls;
            int n = ls.size();
            packets0 = new long[n]; gaps0 = new long[n]; sent0 = new long[n]; hi0 = new long[n];
            packets1 = new long[n]; gaps1 = new long[n]; sent1 = new long[n]; hi1 = new long[n];
            gw0 = Proc.of(gatewayPid); me0 = Proc.of(ProcessHandle.current().pid()); t0 = System.nanoTime(); late0 = parties.lateTicks.get();
            snap(packets0, gaps0, sent0, hi0);
            Thread.sleep(seconds * 1000L);
            snap(packets1, gaps1, sent1, hi1);
            gw1 = Proc.of(gatewayPid); me1 = Proc.of(ProcessHandle.current().pid()); t1 = System.nanoTime(); late1 = parties.lateTicks.get();
        }

        private void snap(long[] p, long[] g, long[] s, long[] h) {
            for (int i = 0; i < ls.size(); i++) {
                Listener l = ls.get(i);
                h[i] = l.highest.get();
                p[i] = l.packets.get();
                g[i] = l.gaps.get();
                s[i] = l.source.sent.get();
            }
        }

        double seconds() { return (t1 - t0) / 1e9; }
        double gatewayCpu() { return (gw1.ticks - gw0.ticks) * 100.0 / hz / seconds(); }
        double clientCpu() { return (me1.ticks - me0.ticks) * 100.0 / hz / seconds(); }
        long rssMb() { return gw1.rssKb / 1024; }
        long pacerLate() { return late1 - late0; }
        long gatewayDrops() { return gw1.udpDrops - gw0.udpDrops; }
        long clientDrops() { return me1.udpDrops - me0.udpDrops; }

        /**
         * Packets a listener session missed in the window: the gaps in its sequence numbers (exact), plus, when it
         * fell silent or fell behind, what its source sent beyond the last packet it got (2 packets of slack for
         * those in flight at the window's edges).
         */
        long lost(int i) {
            long span = hi1[i] - hi0[i], sent = sent1[i] - sent0[i];
            return (gaps1[i] - gaps0[i]) + Math.max(0, sent - span - 2);
        }

        /** Received ÷ (received + lost), per person (the listener sessions of one participant together), sorted. */
        double[] shares() {
            int persons = ls.stream().mapToInt(l -> l.person).max().orElse(-1) + 1;
            long[] lost = new long[persons], got = new long[persons];
            for (int i = 0; i < ls.size(); i++) {
                int p = ls.get(i).person;
                lost[p] += lost(i);
                got[p] += packets1[i] - packets0[i];
            }
            double[] s = new double[persons];
            for (int p = 0; p < persons; p++) s[p] = got[p] + lost[p] == 0 ? 0 : (double) got[p] / (got[p] + lost[p]);
            java.util.Arrays.sort(s);
            return s;
        }

        long lost() { long e = 0; for (int i = 0; i < ls.size(); i++) e += lost(i); return e; }
        long received() { long e = 0; for (int i = 0; i < ls.size(); i++) e += packets1[i] - packets0[i]; return e; }
    }

    static double percentile(double[] sorted, double q) {
        if (sorted.length == 0) return Double.NaN;
        return sorted[Math.min(sorted.length - 1, (int) Math.floor(sorted.length * q))];
    }

    static double[] joins(List<Listener> ls) {
        return ls.stream().mapToDouble(Listener::joinMillis).filter(d -> !Double.isNaN(d)).sorted().toArray();
    }

    /** Where join time goes: medians of token -> WHEP 201 -> connected -> first packet, and of a publisher's 201 -> connected. */
    static String joinSteps(List<Listener> ls, List<Publisher> ps) {
        double[] answer = ls.stream().filter(l -> l.answeredNanos > 0).mapToDouble(l -> (l.answeredNanos - l.startNanos) / 1e6).sorted().toArray();
        double[] connect = ls.stream().filter(l -> l.connectedNanos > 0).mapToDouble(l -> (l.connectedNanos - l.answeredNanos) / 1e6).sorted().toArray();
        double[] first = ls.stream().filter(l -> l.firstNanos > 0 && l.connectedNanos > 0).mapToDouble(l -> (l.firstNanos - l.connectedNanos) / 1e6).sorted().toArray();
        double[] pub = ps.stream().filter(p -> p.connectedNanos > 0).mapToDouble(p -> (p.connectedNanos - p.answeredNanos) / 1e6).sorted().toArray();
        return String.format("join steps (medians): start -> WHEP answer %.0f ms, answer -> connected %.0f ms, connected -> first packet %.0f ms; "
                + "publisher answer -> connected %.0f ms", percentile(answer, 0.5), percentile(connect, 0.5), percentile(first, 0.5), percentile(pub, 0.5));
    }

    static final String HEADER = String.format("%-24s %6s %8s %9s %7s %9s %9s %12s %16s %9s %9s %8s %5s %16s",
            "row", "peers", "gw_cpu%", "cpu%/peer", "rss_MB", "MB/peer", "min_recv", "median_recv", "lost/recv", "join_p50", "join_p99", "client%", "late", "udp_drops gw/cl");

    /** One table row; peers = the participants (or sessions) the per-peer figures divide by. */
    static String row(String name, int peers, Window w, long baseRssKb, double baseCpu, List<Listener> ls) {
        double[] s = w.shares();
        double[] j = joins(ls);
        return String.format("%-24s %6d %8.1f %9.3f %7d %9.3f %9.4f %12.4f %16s %9.0f %9.0f %8.1f %5d %16s",
                name, peers, w.gatewayCpu(), (w.gatewayCpu() - baseCpu) / Math.max(1, peers), w.rssMb(),
                (w.gw1.rssKb - baseRssKb) / 1024.0 / Math.max(1, peers), percentile(s, 0), percentile(s, 0.5), w.lost() + "/" + w.received(),
                percentile(j, 0.5), percentile(j, 0.99), w.clientCpu(), w.pacerLate(), w.gatewayDrops() + "/" + w.clientDrops());
    }
}

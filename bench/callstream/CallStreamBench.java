import gateway.lib.ogg.OggPage;
import gateway.lib.ogg.OggPageReader;
import gateway.lib.srt.SrtCallerOptions;
import gateway.lib.srt.SrtSender;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * N concurrent calls for bench/callstream.sh: N SRT ingests of a real Ogg/Opus tone (20 ms pages at real time,
 * callers spread over the period), each forked FORKS times (none if 0) to ws://127.0.0.1:WSPORT/c<i>-<j> as L16
 * 16 kHz through the call stream API. Prints "ready" once every fork streams (the gateway's gauge of streaming
 * forks says so), and at the end the packets the calls got, what the forks' attachments were handed and dropped.
 *
 * Usage: java -cp lib.srt.jar:lib.ogg.jar:slf4j.jar CallStreamBench.java http://127.0.0.1:PORT N SECONDS WSPORT FORKS tone.ogg AUTH_ID:TOKEN
 */
public class CallStreamBench {
    public static void main(String[] args) throws Exception {
        try {
            run(args);
        } catch (Exception e) {
            e.printStackTrace();
            System.exit(1); // the senders' threads would keep the JVM, and the script waiting for "ready", alive
        }
        System.exit(0);
    }

    private static void run(String[] args) throws Exception {
        String base = args[0];
        int n = Integer.parseInt(args[1]);
        int seconds = Integer.parseInt(args[2]);
        int wsPort = Integer.parseInt(args[3]);
        int forksPerCall = Integer.parseInt(args[4]);
        boolean fork = forksPerCall > 0;
        byte[] file = Files.readAllBytes(Path.of(args[5]));
        String account = args[6];
        String authId = account.substring(0, account.indexOf(':'));
        String basic = "Basic " + Base64.getEncoder().encodeToString(account.getBytes());
        List<OggPage> pages = new OggPageReader().feed(file, 0, file.length);
        List<byte[]> headers = List.of(pages.get(0).encode(), pages.get(1).encode());
        List<byte[]> audio = pages.subList(2, pages.size()).stream().map(OggPage::encode).toList();

        HttpClient http = HttpClient.newHttpClient();
        int port = URI.create(base).getPort();
        List<SrtSender> senders = new ArrayList<>();
        List<String> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String event = UUID.randomUUID().toString();
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/reserve")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"event\":\"" + event + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 201) throw new IllegalStateException("reserve " + i + ": " + r.statusCode() + " " + r.body());
            Matcher m = Pattern.compile("\"token\":\"([0-9a-f]+)\"").matcher(r.body());
            if (!m.find()) throw new IllegalStateException(r.body());
            SrtSender s = SrtSender.connect(SrtCallerOptions.to(new InetSocketAddress("127.0.0.1", port)).withPassphrase(m.group(1), 16));
            for (byte[] h : headers) s.send(h);
            senders.add(s);
            events.add(event);
        }
        AtomicLong sent = new AtomicLong();
        int toSend = audio.size(); // the calls last until the end of the run
        // how late each send is against its call's 20 ms clock, over the measured window (the senders' own share of
        // the delay the service sees: a late sender's packets reach the gateway late, and in a burst)
        AtomicLongArray lateness = new AtomicLongArray(1000);
        AtomicBoolean measuring = new AtomicBoolean();
        AtomicBoolean sending = new AtomicBoolean(true);
        // one pacing thread for all calls, woken once a millisecond at most: call i's packet k is due at
        // i x 20 ms / N + k x 20 ms, and each wake sends every packet that is due (a few calls' packets, each at
        // most 1 ms late), rather than one timer task and wake-up per packet
        long origin = System.nanoTime();
        long[] offsetMicros = new long[n];
        for (int i = 0; i < n; i++) offsetMicros[i] = i * 20_000L / n;
        Thread pacer = Thread.ofPlatform().name("pacer").daemon(true).start(() -> {
            long[] next = new long[n];
            while (sending.get()) {
                long nowMicros = (System.nanoTime() - origin) / 1000;
                long earliest = Long.MAX_VALUE;
                for (int i = 0; i < n; i++) {
                    long due = offsetMicros[i] + next[i] * 20_000;
                    while (due <= nowMicros && next[i] < toSend) {
                        senders.get(i).send(audio.get((int) next[i]));
                        sent.incrementAndGet();
                        if (measuring.get()) {
                            long late = (System.nanoTime() - origin) / 1000 - due;
                            lateness.incrementAndGet((int) Math.max(0, Math.min(999, late / 1000)));
                        }
                        next[i]++;
                        due += 20_000;
                    }
                    if (next[i] < toSend) earliest = Math.min(earliest, due);
                }
                if (earliest == Long.MAX_VALUE) return;
                long wake = Math.max(earliest, nowMicros + 1_000); // at most one wake a millisecond
                LockSupport.parkNanos((wake - (System.nanoTime() - origin) / 1000) * 1000);
            }
        });
        // the calls' stream ids, by the reservation's event
        List<String> calls = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (calls.size() < n && System.nanoTime() < deadline) {
            calls.clear();
            String streams = http.send(HttpRequest.newBuilder(URI.create(base + "/streams")).build(), HttpResponse.BodyHandlers.ofString()).body();
            for (String e : events) {
                Matcher m = Pattern.compile("\"id\":\"([0-9a-f-]+)\"[^{}]*\"format\":\\{[^}]*\\},\"metadata\":\\{[^}]*\"event\":\"" + e + "\"").matcher(streams);
                if (m.find()) calls.add(m.group(1));
            }
            if (calls.size() < n) Thread.sleep(200);
        }
        if (calls.size() < n) throw new IllegalStateException("only " + calls.size() + " of " + n + " calls went live");
        Pattern streamingGauge = Pattern.compile("(?m)^gateway_callstream_streams\\{[^}]*state=\"streaming\"[^}]*\\} ([0-9.eE+]+)$");
        Pattern connectingGauge = Pattern.compile("(?m)^gateway_callstream_streams\\{[^}]*state=\"connecting\"[^}]*\\} ([0-9.eE+]+)$");
        if (fork) {
            // forks are asked for in batches of BENCH_FORK_BATCH (50), each once none of the ones before it is still
            // connecting (or after 30 s), so that the gateway does not dial hundreds of connections at once
            int batch = Integer.parseInt(System.getenv().getOrDefault("BENCH_FORK_BATCH", "50"));
            int asked = 0;
            for (int j = 0; j < forksPerCall; j++) for (int i = 0; i < n; i++) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/Account/" + authId + "/Call/" + calls.get(i) + "/Stream/"))
                        .header("Authorization", basic).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"service_url\":\"ws://127.0.0.1:" + wsPort + "/c" + i + "-" + j
                                + "\",\"content_type\":\"audio/x-l16;rate=16000\"}")).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 201) throw new IllegalStateException("fork " + i + ": " + r.statusCode() + " " + r.body());
                if (++asked % batch == 0) {
                    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                    while (forksIn(http, base, connectingGauge) > 0 && System.nanoTime() < until) Thread.sleep(100);
                }
            }
        }
        int streaming = 0;
        if (fork) {
            // the API answers before the gateway has dialled the service: wait until every fork streams (its start
            // sent), so that the measured window holds no connecting; the ready line says how many did (on a machine
            // too loaded for the row, forks fall behind and are dropped before the window: the row says so)
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (true) {
                streaming = forksIn(http, base, streamingGauge);
                if (streaming >= n * forksPerCall || System.nanoTime() > deadline) break;
                Thread.sleep(250);
            }
        }
        System.out.println("ready " + n + " streaming=" + streaming);
        // the script's window: from BENCH_SETTLE (3) s after ready, for the run less 6 s
        Thread.sleep(1000L * Integer.parseInt(System.getenv().getOrDefault("BENCH_SETTLE", "3")));
        measuring.set(true);
        Thread.sleep((seconds - 6) * 1000L);
        measuring.set(false);
        Thread.sleep(3_000);
        long total = 0;
        for (int i = 0; i < 1000; i++) total += lateness.get(i);
        long seen = 0;
        int p50 = -1, p99 = -1;
        for (int i = 0; i < 1000 && total > 0; i++) {
            seen += lateness.get(i);
            if (p50 < 0 && seen >= total * 0.5) p50 = i;
            if (p99 < 0 && seen >= total * 0.99) p99 = i;
        }
        System.out.println("sender-late p50=" + p50 + " p99=" + p99);
        String streams = http.send(HttpRequest.newBuilder(URI.create(base + "/streams")).build(), HttpResponse.BodyHandlers.ofString()).body();
        if (fork) {
            for (String c : calls) {
                http.send(HttpRequest.newBuilder(URI.create(base + "/v1/Account/" + authId + "/Call/" + c + "/Stream/"))
                        .header("Authorization", basic).DELETE().build(), HttpResponse.BodyHandlers.discarding());
            }
        }
        sending.set(false);
        pacer.join();
        long delivered = 0, dropped = 0;
        // each fork is an attachment named callstream:<stream_id> on /streams
        Matcher h = Pattern.compile("\\{[^{}]*\"handler\":\"callstream:[^{}]*\\}").matcher(streams);
        while (h.find()) {
            Matcher d = Pattern.compile("\"delivered\":(\\d+)").matcher(h.group());
            Matcher x = Pattern.compile("\"dropped\":(\\d+)").matcher(h.group());
            if (d.find()) delivered += Long.parseLong(d.group(1));
            if (x.find()) dropped += Long.parseLong(x.group(1));
        }
        System.out.println("packets sent=" + sent.get() + " fork-delivered=" + delivered + " fork-dropped=" + dropped);
        for (SrtSender s : senders) s.close();
    }

    /** @return the forks in the state that {@code gauge} matches (streaming, connecting) now, by the gateway's gauge */
    private static int forksIn(HttpClient http, String base, Pattern gauge) throws Exception {
        String metrics = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
        Matcher g = gauge.matcher(metrics);
        int streaming = 0;
        while (g.find()) streaming += (int) Double.parseDouble(g.group(1));
        return streaming;
    }
}

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
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
            System.exit(1); // the senders' timer threads would keep the JVM, and the script waiting for "ready", alive
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
        ScheduledExecutorService timer = Executors.newScheduledThreadPool(2);
        AtomicLong sent = new AtomicLong();
        int toSend = audio.size(); // the calls last until the end of the run
        List<java.util.concurrent.ScheduledFuture<?>> tasks = new ArrayList<>();
        // how late each send is against its call's 20 ms clock, over the measured window (the senders' own share of
        // the delay the service sees: a late sender's packets reach the gateway late, and in a burst)
        java.util.concurrent.atomic.AtomicLongArray lateness = new java.util.concurrent.atomic.AtomicLongArray(1000);
        java.util.concurrent.atomic.AtomicBoolean measuring = new java.util.concurrent.atomic.AtomicBoolean();
        long origin = System.nanoTime();
        for (int i = 0; i < n; i++) {
            SrtSender s = senders.get(i);
            AtomicLong next = new AtomicLong();
            long offset = i * 20_000L / n;
            tasks.add(timer.scheduleAtFixedRate(() -> {
                long k = next.getAndIncrement();
                if (k < toSend) {
                    s.send(audio.get((int) k));
                    sent.incrementAndGet();
                    if (measuring.get()) {
                        long late = (System.nanoTime() - origin) / 1_000_000 - (offset + k * 20_000) / 1000;
                        lateness.incrementAndGet((int) Math.max(0, Math.min(999, late)));
                    }
                }
            }, offset, 20_000, TimeUnit.MICROSECONDS));
        }
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
        if (fork) {
            for (int j = 0; j < forksPerCall; j++) for (int i = 0; i < n; i++) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/Account/" + authId + "/Call/" + calls.get(i) + "/Stream/"))
                        .header("Authorization", basic).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"service_url\":\"ws://127.0.0.1:" + wsPort + "/c" + i + "-" + j
                                + "\",\"content_type\":\"audio/x-l16;rate=16000\"}")).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 201) throw new IllegalStateException("fork " + i + ": " + r.statusCode() + " " + r.body());
            }
        }
        int streaming = 0;
        if (fork) {
            // the API answers before the gateway has dialled the service: wait until every fork streams (its start
            // sent), so that the measured window holds no connecting; the ready line says how many did (on a machine
            // too loaded for the row, forks fall behind and are dropped before the window: the row says so)
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            Pattern streamingGauge = Pattern.compile("(?m)^gateway_callstream_streams\\{[^}]*state=\"streaming\"[^}]*\\} ([0-9.eE+]+)$");
            while (true) {
                String metrics = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
                Matcher g = streamingGauge.matcher(metrics);
                streaming = 0;
                while (g.find()) streaming += (int) Double.parseDouble(g.group(1));
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
        tasks.forEach(t -> t.cancel(false));
        timer.shutdown();
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
}

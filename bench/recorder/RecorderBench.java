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
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Drives N concurrent SRT ingests into a running gateway: reserves N slots (with or without recording),
 * connects N SRT callers with the reservation passphrases, and sends a real Ogg/Opus file page by page (one
 * 20 ms page per SRT message, paced at real time, callers spread over the 20 ms period). Afterwards, when
 * recording, it reads the index and counts the packets the recordings hold against the packets sent.
 *
 * Usage: java -cp lib.srt.jar:lib.ogg.jar:slf4j.jar RecorderBench.java http://127.0.0.1:PORT N SECONDS record|live tone.ogg
 */
public class RecorderBench {
    public static void main(String[] args) throws Exception {
        String base = args[0];
        int n = Integer.parseInt(args[1]);
        int seconds = Integer.parseInt(args[2]);
        boolean record = args[3].equals("record");
        byte[] file = Files.readAllBytes(Path.of(args[4]));
        List<OggPage> pages = new OggPageReader().feed(file, 0, file.length);
        List<byte[]> headers = List.of(pages.get(0).encode(), pages.get(1).encode());
        List<byte[]> audio = pages.subList(2, pages.size()).stream().map(OggPage::encode).toList();
        int toSend = Math.min(audio.size(), seconds * 50);

        HttpClient http = HttpClient.newHttpClient();
        int port = URI.create(base).getPort();
        List<String> events = new ArrayList<>();
        List<SrtSender> senders = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String event = UUID.randomUUID().toString();
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/reserve"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"event\":\"" + event + "\",\"record\":" + record + "}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 201) throw new IllegalStateException("reserve " + i + ": " + r.statusCode() + " " + r.body());
            Matcher m = Pattern.compile("\"token\":\"([0-9a-f]+)\"").matcher(r.body());
            if (!m.find()) throw new IllegalStateException(r.body());
            SrtSender s = SrtSender.connect(SrtCallerOptions.to(new InetSocketAddress("127.0.0.1", port)).withPassphrase(m.group(1), 16));
            for (byte[] h : headers) s.send(h);
            senders.add(s);
            events.add(event);
        }
        System.out.println("connected " + n);
        ScheduledExecutorService timer = Executors.newScheduledThreadPool(2);
        AtomicLong sent = new AtomicLong();
        List<java.util.concurrent.ScheduledFuture<?>> tasks = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            SrtSender s = senders.get(i);
            AtomicLong next = new AtomicLong();
            tasks.add(timer.scheduleAtFixedRate(() -> {
                long k = next.getAndIncrement();
                if (k < toSend) {
                    s.send(audio.get((int) k));
                    sent.incrementAndGet();
                }
            }, i * 20_000L / n, 20_000, TimeUnit.MICROSECONDS));
        }
        Thread.sleep(seconds * 1000L + 200);
        tasks.forEach(t -> t.cancel(false));
        timer.shutdown();
        timer.awaitTermination(5, TimeUnit.SECONDS);
        Thread.sleep(1500); // let retransmissions finish
        String streams = http.send(HttpRequest.newBuilder(URI.create(base + "/streams")).build(), HttpResponse.BodyHandlers.ofString()).body();
        long received = sum(streams, "packets");
        long handlerDrops = sum(streams, "dropped");
        System.out.println("gateway received packets=" + received + " handler-dropped=" + handlerDrops);
        for (SrtSender s : senders) {
            s.close();
        }
        System.out.println("sent packets=" + sent.get() + " per-stream=" + toSend);
        if (!record) return;
        Thread.sleep(3000);
        long recorded = 0;
        int complete = 0;
        for (String e : events) {
            String body = http.send(HttpRequest.newBuilder(URI.create(base + "/recordings?event=" + e)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            Matcher pk = Pattern.compile("\"packets\":(\\d+)").matcher(body);
            while (pk.find()) recorded += Long.parseLong(pk.group(1));
            if (body.contains("\"state\":\"complete\"")) complete++;
        }
        System.out.println("recorded packets=" + recorded + " complete=" + complete);
    }

    private static long sum(String json, String field) {
        long total = 0;
        Matcher m = Pattern.compile("\"" + field + "\":(\\d+)").matcher(json);
        while (m.find()) total += Long.parseLong(m.group(1));
        return total;
    }
}

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Streaming-session load (the session-storage API, gateway.sessions), as a client of the API does it: POST
 * /session-storage/sessions with ClientID/ClientSecret, the publisher publishes at stream_url/whip with its token, a
 * passthrough task is set on control_url (a WebSocket) with the publisher's token, and each subscriber listens at
 * stream_url/whep/{track} (the track from current_task's output_tracks) with its own token. Prints table rows
 * (RtcParties.HEADER, or the creation table) to stdout, progress to stderr.
 *
 * <pre>
 * java SessionLoad.java create   BASE GATEWAY_PID HZ OGG SECONDS CLIENT_ID CLIENT_SECRET COUNT
 * java SessionLoad.java sessions BASE GATEWAY_PID HZ OGG SECONDS CLIENT_ID CLIENT_SECRET SESSIONS SUBSCRIBERS
 * </pre>
 * Requests and joins run on BENCH_JOINERS threads (default 8).
 */
public class SessionLoad {
    static String clientId, secret;

    public static void main(String[] a) throws Exception {
        String mode = a[0], base = a[1];
        long pid = Long.parseLong(a[2]);
        int hz = Integer.parseInt(a[3]);
        int seconds = Integer.parseInt(a[5]);
        clientId = a[6];
        secret = a[7];
        int joiners = Integer.parseInt(System.getenv().getOrDefault("BENCH_JOINERS", "8"));
        ExecutorService pool = Executors.newFixedThreadPool(joiners);
        try (RtcParties parties = new RtcParties(base, Path.of(a[4]), 20_000)) {
            RtcParties.Window idle = new RtcParties.Window(pid, hz);
            idle.measure(parties, List.of(), Math.min(seconds, 5));
            System.err.printf("gateway idle: %.1f %% CPU, %d MB%n", idle.gatewayCpu(), idle.rssMb());
            if (mode.equals("create")) create(parties, pool, pid, hz, Integer.parseInt(a[8]), joiners);
            else sessions(parties, pool, pid, hz, seconds, Integer.parseInt(a[8]), Integer.parseInt(a[9]), idle);
        } finally {
            pool.shutdownNow();
        }
    }

    static String createBody(int subscribers) {
        return "{\"data\": {\"publisher_count\": 1, \"subscriber_count\": " + subscribers + ", \"publisher_can_subscribe\": false, \"intent\": \"bench\"}}";
    }

    /** COUNT sessions created as fast as the joiner threads can, then deleted: rate, latency, gateway CPU per request. */
    static void create(RtcParties parties, ExecutorService pool, long pid, int hz, int count, int joiners) throws Exception {
        String[] ids = new String[count];
        double[] millis = new double[count];
        RtcParties.Proc p0 = RtcParties.Proc.of(pid);
        long t0 = System.nanoTime();
        List<Future<?>> fs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int n = i;
            fs.add(pool.submit(() -> {
                long s = System.nanoTime();
                ids[n] = RtcParties.field(parties.postJson("/session-storage/sessions", createBody(3), "ClientID", clientId, "ClientSecret", secret), "id");
                millis[n] = (System.nanoTime() - s) / 1e6;
                return null;
            }));
        }
        for (Future<?> f : fs) f.get();
        long t1 = System.nanoTime();
        RtcParties.Proc p1 = RtcParties.Proc.of(pid);
        double[] del = new double[count];
        fs.clear();
        for (int i = 0; i < count; i++) {
            int n = i;
            fs.add(pool.submit(() -> {
                long s = System.nanoTime();
                int code = parties.delete("/session-storage/sessions/" + ids[n], "ClientID", clientId, "ClientSecret", secret);
                if (code != 204) throw new IllegalStateException("DELETE answered " + code);
                del[n] = (System.nanoTime() - s) / 1e6;
                return null;
            }));
        }
        for (Future<?> f : fs) f.get();
        long t2 = System.nanoTime();
        RtcParties.Proc p2 = RtcParties.Proc.of(pid);
        Arrays.sort(millis);
        Arrays.sort(del);
        System.out.printf("%-8s %6s %9s %10s %10s %10s %12s %7s%n", "request", "count", "parallel", "per_second", "ms_p50", "ms_p99", "gw_cpu_ms_each", "rss_MB");
        System.out.printf("%-8s %6d %9d %10.0f %10.1f %10.1f %12.2f %7d%n", "create", count, joiners, count / ((t1 - t0) / 1e9),
                RtcParties.percentile(millis, 0.5), RtcParties.percentile(millis, 0.99), (p1.ticks() - p0.ticks()) * 1000.0 / hz / count, p1.rssKb() / 1024);
        System.out.printf("%-8s %6d %9d %10.0f %10.1f %10.1f %12.2f %7d%n", "delete", count, joiners, count / ((t2 - t1) / 1e9),
                RtcParties.percentile(del, 0.5), RtcParties.percentile(del, 0.99), (p2.ticks() - p1.ticks()) * 1000.0 / hz / count, p2.rssKb() / 1024);
    }

    static void sessions(RtcParties parties, ExecutorService pool, long pid, int hz, int seconds, int count, int subscribers,
                         RtcParties.Window idle) throws Exception {
        List<Future<List<RtcParties.Listener>>> joins = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        double[][] steps = new double[3][count]; // POST answered, WHIP answered, task's track known (ms from the POST)
        for (int i = 0; i < count; i++) {
            int n = i;
            joins.add(pool.submit(() -> joinSession(parties, n, subscribers, ids, steps)));
        }
        List<RtcParties.Listener> ls = new ArrayList<>();
        for (Future<List<RtcParties.Listener>> f : joins) ls.addAll(f.get());
        RoomLoad.settle(ls);
        System.err.println(count + " sessions, " + ls.size() + " subscribers hear audio; " + RtcParties.joinSteps(ls, parties.publishers));
        for (double[] st : steps) Arrays.sort(st);
        System.err.printf("session steps (medians, ms from the POST): session created %.0f, WHIP answered %.0f, output track from set_task %.0f%n",
                RtcParties.percentile(steps[0], 0.5), RtcParties.percentile(steps[1], 0.5), RtcParties.percentile(steps[2], 0.5));
        RtcParties.Window w = new RtcParties.Window(pid, hz);
        w.measure(parties, ls, seconds);
        System.out.println(RtcParties.HEADER.replace("peers", "sessn").replace("cpu%/peer", "cpu%/sess").replace("  MB/peer", "  MB/sess"));
        System.out.println(RtcParties.row("sessions: 1 pub + " + subscribers + " sub", count, w, idle.gw1.rssKb(), idle.gatewayCpu(), ls));
        double[][] lateSteps = new double[3][Integer.parseInt(System.getenv().getOrDefault("BENCH_LATE_JOINS", "20"))];
        int[] late = {0};
        RoomLoad.lateJoins("one more session", () -> joinSession(parties, count + late[0], subscribers, ids, lateSteps, late[0]++).get(0));
        for (String id : ids) parties.delete("/session-storage/sessions/" + id, "ClientID", clientId, "ClientSecret", secret);
    }

    /** One session: POST, the publisher publishes, a passthrough task, the subscribers listen. Times from the POST. */
    static List<RtcParties.Listener> joinSession(RtcParties parties, int n, int subscribers, List<String> ids, double[][] steps) throws Exception {
        return joinSession(parties, n, subscribers, ids, steps, n);
    }

    static List<RtcParties.Listener> joinSession(RtcParties parties, int n, int subscribers, List<String> ids, double[][] steps, int slot) throws Exception {
        long start = System.nanoTime();
        String body = parties.postJson("/session-storage/sessions", createBody(subscribers), "ClientID", clientId, "ClientSecret", secret);
        steps[0][slot] = (System.nanoTime() - start) / 1e6;
        synchronized (ids) { ids.add(RtcParties.field(body, "id")); }
        String streamUrl = RtcParties.field(body, "stream_url"), controlUrl = RtcParties.field(body, "control_url");
        String pubToken = list(body, "publisher").get(0);
        List<String> subTokens = list(body, "subscriber");
        RtcParties.Publisher pub = parties.publish(streamUrl + "/whip", pubToken);
        steps[1][slot] = (System.nanoTime() - start) / 1e6;
        String track = passthrough(parties.http, controlUrl, pubToken);
        steps[2][slot] = (System.nanoTime() - start) / 1e6;
        List<RtcParties.Listener> mine = new ArrayList<>();
        for (int k = 0; k < subscribers; k++) {
            mine.add(parties.listen(streamUrl + "/whep/" + track, subTokens.get(k), pub, start, n * subscribers + k));
        }
        return mine;
    }

    static List<String> list(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\\[([^\\]]*)\\]").matcher(json);
        if (!m.find()) throw new IllegalStateException("no " + name + " in " + json);
        List<String> out = new ArrayList<>();
        Matcher s = Pattern.compile("\"([^\"]+)\"").matcher(m.group(1));
        while (s.find()) out.add(s.group(1));
        return out;
    }

    /** Sets a passthrough task on the control socket and returns the track its current_task names for subscribers. */
    static String passthrough(HttpClient http, String controlUrl, String token) throws Exception {
        LinkedBlockingQueue<String> messages = new LinkedBlockingQueue<>();
        WebSocket ws = http.newWebSocketBuilder().buildAsync(URI.create(controlUrl + "?token=" + token), new WebSocket.Listener() {
            final StringBuilder text = new StringBuilder();
            @Override public CompletionStage<?> onText(WebSocket s, CharSequence data, boolean last) {
                text.append(data);
                if (last) { messages.add(text.toString()); text.setLength(0); }
                s.request(1);
                return null;
            }
        }).get(10, TimeUnit.SECONDS);
        try {
            ws.sendText("{\"message_type\": \"set_task\", \"data\": {\"pipeline\": {\"processors\": [{\"name\": \"passthrough\"}]}}}", true).get(10, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline) {
                // the gateway sends current_task again when the track appears; get_task (once per 2 s) if it does not
                String m = messages.poll(2100, TimeUnit.MILLISECONDS);
                if (m == null) {
                    ws.sendText("{\"message_type\": \"get_task\"}", true).get(10, TimeUnit.SECONDS);
                    continue;
                }
                if (!m.contains("\"current_task\"")) throw new IllegalStateException("control socket answered " + m);
                Matcher t = Pattern.compile("\"output_tracks\"\\s*:\\s*\\[\\s*\"([^\"]+)\"").matcher(m);
                if (t.find()) return t.group(1);
            }
            throw new IllegalStateException("no output track from the control socket within 30 s");
        } finally {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "").exceptionally(e -> null);
        }
    }
}

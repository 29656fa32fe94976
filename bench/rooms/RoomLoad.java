import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Room load on the gateway's own rooms, every participant joining with its LiveKit token from POST /token:
 * publishers over WHIP at /rtc/room/whip, listeners over WHEP at /rtc/room/whep/{track}. Prints table rows
 * (RtcParties.HEADER) to stdout, progress to stderr.
 *
 * <pre>
 * java RoomLoad.java room  BASE GATEWAY_PID HZ OGG SECONDS PUBLISHERS LISTENERS TRACKS_PER_LISTENER EGRESS(0|1)
 * java RoomLoad.java pairs BASE GATEWAY_PID HZ OGG SECONDS ROOMS
 * </pre>
 * Joins run on BENCH_JOINERS threads (default 8), as many clients arriving at once.
 */
public class RoomLoad {
    public static void main(String[] a) throws Exception {
        String mode = a[0], base = a[1];
        long pid = Long.parseLong(a[2]);
        int hz = Integer.parseInt(a[3]);
        Path ogg = Path.of(a[4]);
        int seconds = Integer.parseInt(a[5]);
        int joiners = Integer.parseInt(System.getenv().getOrDefault("BENCH_JOINERS", "8"));
        ExecutorService pool = Executors.newFixedThreadPool(joiners);
        try (RtcParties parties = new RtcParties(base, ogg, 20_000)) {
            RtcParties.Window idle = new RtcParties.Window(pid, hz);
            idle.measure(parties, List.of(), Math.min(seconds, 5));
            long baseRss = idle.gw1.rssKb();
            System.err.printf("gateway idle: %.1f %% CPU, %d MB%n", idle.gatewayCpu(), idle.rssMb());
            System.out.println(RtcParties.HEADER);
            if (mode.equals("room")) room(parties, pool, pid, hz, seconds, Integer.parseInt(a[6]), Integer.parseInt(a[7]), Integer.parseInt(a[8]),
                    a[9].equals("1"), baseRss, idle.gatewayCpu());
            else pairs(parties, pool, pid, hz, seconds, Integer.parseInt(a[6]), baseRss, idle.gatewayCpu());
        } finally {
            pool.shutdownNow();
        }
    }

    static void room(RtcParties parties, ExecutorService pool, long pid, int hz, int seconds, int nPub, int nListen, int tracksEach,
                     boolean egress, long baseRss, double baseCpu) throws Exception {
        String room = "bench-room";
        List<RtcParties.Publisher> pubs = new ArrayList<>();
        for (int i = 0; i < nPub; i++) pubs.add(parties.publish(parties.base + "/rtc/room/whip", parties.token(room, "speaker-" + i)));
        if (!RtcParties.awaitAll(pubs, p -> ((RtcParties.Publisher) p).connected, 30)) throw new IllegalStateException("a publisher did not connect");
        for (int i = 0; i < nPub; i++) pubs.get(i).trackSid = parties.trackOf(room, "speaker-" + i);
        System.err.println(nPub + " publishers connected");
        RtcParties.Window w = new RtcParties.Window(pid, hz);
        w.measure(parties, List.of(), seconds);
        System.out.println(RtcParties.row("room: publishers only", nPub, w, baseRss, baseCpu, List.of()));
        double pubCpu = w.gatewayCpu();

        List<Future<List<RtcParties.Listener>>> joins = new ArrayList<>();
        for (int i = 0; i < nListen; i++) {
            int person = i;
            joins.add(pool.submit(() -> joinListener(parties, room, pubs, person, tracksEach)));
        }
        List<RtcParties.Listener> ls = new ArrayList<>();
        for (Future<List<RtcParties.Listener>> f : joins) ls.addAll(f.get());
        settle(ls);
        System.err.println(nListen + " listeners (" + ls.size() + " WHEP sessions) hear audio; " + RtcParties.joinSteps(ls, pubs));
        w = new RtcParties.Window(pid, hz);
        w.measure(parties, ls, seconds);
        System.out.println(RtcParties.row("room: " + nPub + "+" + nListen + (tracksEach > 1 ? " x" + tracksEach : ""), nPub + nListen, w, baseRss, baseCpu, ls));

        if (egress) {
            // the room's mix recorded (decode, sum, encode, record), then one track recorded as it is (record only)
            double before = w.gatewayCpu();
            w = withEgress(parties, pid, hz, seconds, ls, "/egress/room-composite", "{\"roomName\":\"" + room + "\"}");
            System.out.println(RtcParties.row("room + composite egress", nPub + nListen, w, baseRss, baseCpu, ls));
            double composite = w.gatewayCpu() - before;
            w = withEgress(parties, pid, hz, seconds, ls, "/egress/track", "{\"roomName\":\"" + room + "\",\"trackId\":\"" + pubs.get(0).trackSid + "\"}");
            System.out.println(RtcParties.row("room + 1 track egress", nPub + nListen, w, baseRss, baseCpu, ls));
            System.err.printf("egress CPU above the room's %.1f %% of a core: room-composite of %d publishers %+.1f %%, one track's recording %+.1f %% (publishers alone: %.1f %%)%n",
                    before, nPub, composite, w.gatewayCpu() - before, pubCpu);
        }
        lateJoins("one more listener joining the room", () -> joinListener(parties, room, pubs, nListen + lateJoined++, tracksEach).get(0));
        parties.delete("/rooms/" + room);
    }

    static int lateJoined;

    static List<RtcParties.Listener> joinListener(RtcParties parties, String room, List<RtcParties.Publisher> pubs, int person, int tracksEach) throws Exception {
        long start = System.nanoTime();
        String token = parties.token(room, "listener-" + person);
        List<RtcParties.Listener> mine = new ArrayList<>();
        for (int k = 0; k < tracksEach; k++) {
            RtcParties.Publisher src = pubs.get((person + k) % pubs.size());
            mine.add(parties.listen(parties.base + "/rtc/room/whep/" + src.trackSid, token, src, start, person));
        }
        return mine;
    }

    /**
     * Join time on a loaded gateway without the crowd of a mass arrival: BENCH_LATE_JOINS (20) joins one at a time,
     * each waiting for its first audio packet; they are not part of any measured window.
     */
    static void lateJoins(String what, java.util.concurrent.Callable<RtcParties.Listener> join) throws Exception {
        int count = Integer.parseInt(System.getenv().getOrDefault("BENCH_LATE_JOINS", "20"));
        if (count <= 0) return;
        double[] ms = new double[count];
        int silent = 0;
        for (int i = 0; i < count; i++) {
            RtcParties.Listener l = join.call();
            if (l.heard.await(15, java.util.concurrent.TimeUnit.SECONDS)) ms[i] = l.joinMillis();
            else { ms[i] = Double.POSITIVE_INFINITY; silent++; }
        }
        java.util.Arrays.sort(ms);
        System.err.printf("%s, %d times one at a time under the load above: token -> first audio median %.0f ms, max %.0f ms%s%n",
                what, count, RtcParties.percentile(ms, 0.5), ms[count - 1], silent > 0 ? " (" + silent + " heard nothing within 15 s)" : "");
    }

    /** Starts an egress, waits until it is active, measures a window, stops it. */
    static RtcParties.Window withEgress(RtcParties parties, long pid, int hz, int seconds, List<RtcParties.Listener> ls, String path, String body) throws Exception {
        String id = RtcParties.field(parties.postJson(path, body), "egressId");
        long until = System.nanoTime() + 20_000_000_000L;
        while (!parties.get("/egress?egressId=" + id).contains("EGRESS_ACTIVE")) {
            if (System.nanoTime() > until) throw new IllegalStateException("egress " + id + " not active: " + parties.get("/egress?egressId=" + id));
            Thread.sleep(100);
        }
        Thread.sleep(1000);
        RtcParties.Window w = new RtcParties.Window(pid, hz);
        w.measure(parties, ls, seconds);
        parties.delete("/egress/" + id);
        return w;
    }

    static void pairs(RtcParties parties, ExecutorService pool, long pid, int hz, int seconds, int rooms, long baseRss, double baseCpu) throws Exception {
        List<Future<List<RtcParties.Listener>>> joins = new ArrayList<>();
        for (int r = 0; r < rooms; r++) {
            String room = "pair-" + r;
            int first = 2 * r;
            joins.add(pool.submit(() -> joinPair(parties, room, first)));
        }
        List<RtcParties.Listener> ls = new ArrayList<>();
        for (Future<List<RtcParties.Listener>> f : joins) ls.addAll(f.get());
        settle(ls);
        System.err.println(rooms + " rooms of two hear each other; " + RtcParties.joinSteps(ls, parties.publishers));
        RtcParties.Window w = new RtcParties.Window(pid, hz);
        w.measure(parties, ls, seconds);
        System.out.println(RtcParties.row("pairs: " + rooms + " rooms", 2 * rooms, w, baseRss, baseCpu, ls));
        lateJoins("one more room of two", () -> joinPair(parties, "pair-late-" + lateJoined, 2 * rooms + 2 * lateJoined++).get(0));
        for (int r = 0; r < rooms; r++) parties.delete("/rooms/pair-" + r);
    }

    /** Two participants join a room: each takes its token, publishes and listens to the other. Join time from each one's token. */
    static List<RtcParties.Listener> joinPair(RtcParties parties, String room, int first) throws Exception {
        long startA = System.nanoTime();
        String ta = parties.token(room, "a");
        RtcParties.Publisher pa = parties.publish(parties.base + "/rtc/room/whip", ta);
        long startB = System.nanoTime();
        String tb = parties.token(room, "b");
        RtcParties.Publisher pb = parties.publish(parties.base + "/rtc/room/whip", tb);
        pa.trackSid = parties.trackOf(room, "a");
        pb.trackSid = parties.trackOf(room, "b");
        return List.of(parties.listen(parties.base + "/rtc/room/whep/" + pb.trackSid, ta, pb, startA, first),
                parties.listen(parties.base + "/rtc/room/whep/" + pa.trackSid, tb, pa, startB, first + 1));
    }

    /** Waits until every listener is connected and has heard its first packet (30 s at most; the rest count as loss). */
    static void settle(List<RtcParties.Listener> ls) throws InterruptedException {
        if (!RtcParties.awaitAll(ls, l -> ((RtcParties.Listener) l).heard, 30)) {
            long silent = ls.stream().filter(l -> l.heard.getCount() > 0).count();
            System.err.println(silent + " of " + ls.size() + " listener sessions heard nothing within 30 s");
            // why: the peer's end as the load client saw it (its own connect timeout, or the gateway's close), or still connecting
            ls.stream().filter(l -> l.heard.getCount() > 0)
                    .collect(java.util.stream.Collectors.groupingBy(l -> l.end == null
                            ? (l.connectedNanos == 0 ? "still connecting" : "connected, no packet yet")
                            : l.end.replaceAll("\\d+", "N"), java.util.TreeMap::new, java.util.stream.Collectors.counting()))
                    .forEach((why, n) -> System.err.println("    " + n + " " + why));
        }
        Thread.sleep(1000); // one second of steady state before the window
    }
}

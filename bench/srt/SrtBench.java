import gateway.lib.srt.AccessDecision;
import gateway.lib.srt.SrtCallerOptions;
import gateway.lib.srt.SrtClosedException;
import gateway.lib.srt.SrtConnection;
import gateway.lib.srt.SrtListener;
import gateway.lib.srt.SrtListenerOptions;
import gateway.lib.srt.SrtMessage;
import gateway.lib.srt.SrtSender;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load generator and receiver for bench/srt-receive.sh.
 *   receive PORT N SECONDS      our listener: accepts N callers, drains them, prints totals at the end
 *   send HOST PORT STEP N SECONDS   N callers (ports PORT, PORT+STEP, ...), each 50 messages/s of 160 bytes
 *                                   (a 64 kb/s Opus stream), prints what was sent
 */
public class SrtBench {
    public static void main(String[] args) throws Exception {
        if (args[0].equals("receive")) receive(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
        else send(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]), Integer.parseInt(args[5]));
    }

    static void receive(int port, int n, int seconds) throws Exception {
        AtomicLong bytes = new AtomicLong();
        AtomicLong messages = new AtomicLong();
        List<SrtConnection> connections = new ArrayList<>();
        try (SrtListener listener = SrtListener.open(new SrtListenerOptions(new InetSocketAddress("127.0.0.1", port),
                Duration.ofMillis(120), Duration.ofSeconds(5), 256, n + 10, n + 10), r -> AccessDecision.acceptUnencrypted())) {
            System.out.println("ready");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds + 30L);
            while (connections.size() < n && System.nanoTime() < deadline) {
                SrtConnection c = listener.accept(Duration.ofSeconds(1));
                if (c == null) continue;
                connections.add(c);
                Thread.ofVirtual().start(() -> {
                    try {
                        while (true) {
                            SrtMessage m = c.receive(Duration.ofSeconds(1));
                            if (m != null) {
                                bytes.addAndGet(m.payload().length);
                                messages.incrementAndGet();
                            }
                        }
                    } catch (SrtClosedException | InterruptedException end) {
                        // done
                    }
                });
            }
            while (connections.stream().anyMatch(SrtConnection::isOpen) && System.nanoTime() < deadline) Thread.sleep(200);
            Thread.sleep(500);
            long lost = 0, dropped = 0, rexmit = 0;
            for (SrtConnection c : connections) {
                lost += c.stats().packetsLost();
                dropped += c.stats().packetsDropped();
                rexmit += c.stats().packetsRetransmitted();
            }
            System.out.printf("received connections=%d messages=%d bytes=%d lost=%d retransmitted=%d dropped=%d%n",
                    connections.size(), messages.get(), bytes.get(), lost, rexmit, dropped);
        }
    }

    static void send(String host, int port, int step, int n, int seconds) throws Exception {
        List<SrtSender> senders = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            senders.add(SrtSender.connect(SrtCallerOptions.to(new InetSocketAddress(host, port + i * step))));
        }
        System.out.println("connected " + n);
        byte[] payload = new byte[160];
        ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
        AtomicLong sent = new AtomicLong();
        // Each stream sends every 20 ms; the streams are spread over those 20 ms, as independent sources are.
        AtomicLong tick = new AtomicLong();
        // How late the pacer ran (a starved sender JVM catches up in bursts that no real source would send).
        AtomicLong maxLateNanos = new AtomicLong();
        AtomicLong lateTicks = new AtomicLong();
        long start = System.nanoTime() + 1_000_000;
        pacer.scheduleAtFixedRate(() -> {
            long t = tick.getAndIncrement();
            long late = System.nanoTime() - (start + t * 1_000_000);
            if (late > maxLateNanos.get()) maxLateNanos.set(late);
            if (late > 20_000_000) lateTicks.incrementAndGet();
            int phase = (int) (t % 20);
            for (int i = phase; i < senders.size(); i += 20) {
                SrtSender s = senders.get(i);
                if (s.isOpen()) {
                    s.send(payload);
                    sent.incrementAndGet();
                }
            }
        }, 1, 1, TimeUnit.MILLISECONDS);
        Thread.sleep(seconds * 1000L);
        pacer.shutdown();
        pacer.awaitTermination(5, TimeUnit.SECONDS);
        Thread.sleep(1000); // last retransmissions
        long rexmit = 0;
        for (SrtSender s : senders) {
            rexmit += s.stats().packetsRetransmitted();
            s.close();
        }
        System.out.printf("sent streams=%d messages=%d bytes=%d retransmitted=%d pacer_max_late_ms=%d pacer_ticks_late_over_20ms=%d%n", n,
                sent.get(), sent.get() * payload.length, rexmit, maxLateNanos.get() / 1_000_000, lateTicks.get());
    }
}

import gateway.api.stream.MediaPacket;
import gateway.api.stream.MediaSession;
import gateway.api.stream.StreamFormat;
import gateway.api.stream.StreamPublisher;
import gateway.api.stream.StreamRegistry;
import gateway.api.stream.StreamSpec;
import gateway.core.internal.event.EventBus;
import gateway.core.internal.stream.StreamRegistryService;
import gateway.core.internal.stream.StreamTable;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.osgi.service.component.ComponentContext;

/**
 * The cost of StreamPublisher.send on the publisher's thread, with 0, 1 and 4 handlers attached: the registry
 * built from the core jar on the class path (no OSGi framework), packets of 160 bytes sent in bursts of 400
 * (below the default queue of 500, so nothing is dropped), the handlers draining between bursts; then with 1
 * and 4 handlers stuck (every offer a counted drop: the registry's own cost, without waking consumers). Only the send
 * calls are timed; allocation is the sending thread's own (ThreadMXBean), per send. The first half of the
 * rounds is warm-up and not counted.
 *
 * Usage: java -cp gateway.core.jar:gateway.api.jar:osgi.core.jar:org.osgi.service.component.jar:slf4j-api.jar \
 *             SendBench.java [ROUNDS]
 */
public class SendBench {
    static final int BURST = 400;

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 2_000;
        ComponentContext noBundle = (ComponentContext) Proxy.newProxyInstance(SendBench.class.getClassLoader(),
                new Class<?>[] {ComponentContext.class}, (proxy, method, a) -> null);
        StreamRegistry registry = new StreamRegistryService(new StreamTable(new EventBus()), noBundle);
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        ByteBuffer payload = ByteBuffer.allocate(160);
        for (int handlers : new int[] {0, 1, 4}) {
            StreamPublisher p = registry.open(StreamSpec.of("bench", StreamFormat.OPUS_48K_STEREO));
            List<AtomicLong> received = new ArrayList<>();
            for (int h = 0; h < handlers; h++) {
                AtomicLong n = new AtomicLong();
                received.add(n);
                registry.attach(p.stream().id(), stream -> new MediaSession() {
                    @Override
                    public void onPacket(MediaPacket packet) {
                        n.incrementAndGet();
                    }
                });
            }
            long[] nsPerSend = new long[rounds];
            long sent = 0;
            long allocated = 0;
            for (int r = 0; r < rounds; r++) {
                long a0 = threads.getCurrentThreadAllocatedBytes();
                long t0 = System.nanoTime();
                for (int i = 0; i < BURST; i++) p.send(sent++ * 20_000, 20_000, payload);
                long t1 = System.nanoTime();
                if (r >= rounds / 2) allocated += threads.getCurrentThreadAllocatedBytes() - a0;
                nsPerSend[r] = (t1 - t0) / BURST;
                for (AtomicLong n : received) {
                    while (n.get() < sent) Thread.onSpinWait();
                }
            }
            long dropped = registry.attachments(p.stream().id()).stream().mapToLong(a -> a.dropped()).sum();
            p.end("bench over");
            report(handlers + " handlers", nsPerSend, allocated, rounds, dropped);
        }
        // Handlers stuck in their first packet: after their queues fill, every offer is a counted drop. No
        // consumer thread runs, so this is the registry's own per-packet cost, without scheduling noise.
        for (int handlers : new int[] {1, 4}) {
            StreamPublisher p = registry.open(StreamSpec.of("bench", StreamFormat.OPUS_48K_STEREO));
            java.util.concurrent.CountDownLatch stuck = new java.util.concurrent.CountDownLatch(1);
            for (int h = 0; h < handlers; h++) {
                registry.attach(p.stream().id(), stream -> packet -> stuck.await());
            }
            long[] nsPerSend = new long[rounds];
            long sent = 0;
            long allocated = 0;
            for (int r = 0; r < rounds; r++) {
                long a0 = threads.getCurrentThreadAllocatedBytes();
                long t0 = System.nanoTime();
                for (int i = 0; i < BURST; i++) p.send(sent++ * 20_000, 20_000, payload);
                long t1 = System.nanoTime();
                if (r >= rounds / 2) allocated += threads.getCurrentThreadAllocatedBytes() - a0;
                nsPerSend[r] = (t1 - t0) / BURST;
            }
            long dropped = registry.attachments(p.stream().id()).stream().mapToLong(a -> a.dropped()).sum();
            stuck.countDown();
            p.end("bench over");
            report(handlers + " stuck handlers", nsPerSend, allocated, rounds, dropped);
        }
    }

    private static void report(String what, long[] nsPerSend, long allocated, int rounds, long dropped) {
        // the first half is warm-up
        long[] warm = Arrays.copyOfRange(nsPerSend, rounds / 2, rounds);
        Arrays.sort(warm);
        System.out.printf("%s: send %d ns median, %d ns p90 (per packet, bursts of %d); %d bytes allocated per send; dropped %d%n",
                what, warm[warm.length / 2], warm[warm.length * 9 / 10], BURST, allocated / ((long) warm.length * BURST), dropped);
    }
}

import com.sun.management.OperatingSystemMXBean;
import com.sun.management.ThreadMXBean;
import com.sun.tools.attach.VirtualMachine;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * What one {@code GET /metrics} costs a running gateway: wall time per scrape as the scraper sees it, and the
 * gateway JVM's CPU time and heap allocation per scrape. CPU and allocation are read from the gateway's own JVM
 * (attach API, then its platform MXBeans over local JMX) over a phase of back-to-back scrapes, minus what the same
 * JVM spends in a phase of equal length without scrapes (the streams keep flowing in both); three rounds of each.
 *
 * Usage: java MetricsBench.java http://127.0.0.1:PORT GATEWAY_PID SCRAPES_PER_ROUND EXPECTED_LIVE_STREAMS
 */
public class MetricsBench {
    public static void main(String[] args) throws Exception {
        String url = args[0] + "/metrics";
        String pid = args[1];
        int scrapes = Integer.parseInt(args[2]);
        int expectedLive = Integer.parseInt(args[3]);
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest get = HttpRequest.newBuilder(URI.create(url)).build();

        VirtualMachine vm = VirtualMachine.attach(pid);
        String jmx = vm.startLocalManagementAgent();
        vm.detach();
        try (JMXConnector c = JMXConnectorFactory.connect(new JMXServiceURL(jmx))) {
            MBeanServerConnection mbs = c.getMBeanServerConnection();
            ThreadMXBean threads = ManagementFactory.newPlatformMXBeanProxy(mbs, ManagementFactory.THREAD_MXBEAN_NAME, ThreadMXBean.class);
            OperatingSystemMXBean os = ManagementFactory.newPlatformMXBeanProxy(mbs, ManagementFactory.OPERATING_SYSTEM_MXBEAN_NAME,
                    OperatingSystemMXBean.class);

            String body = "";
            for (int i = 0; i < 50; i++) body = http.send(get, HttpResponse.BodyHandlers.ofString()).body(); // warm-up
            String live = body.lines().filter(l -> l.startsWith("gateway_streams{origin=\"srt\",state=\"live\"}")).findFirst().orElse("none");
            long samples = body.lines().filter(l -> !l.startsWith("#") && !l.isBlank()).count();
            System.out.printf("exposition: %d bytes, %d samples; %s (expected %d)%n", body.length(), samples, live, expectedLive);
            System.out.printf("%-6s %9s %9s %9s %9s %12s %12s%n", "round", "scrapes", "med_ms", "p99_ms", "max_ms", "cpu_ms/scr", "alloc_KB/scr");
            for (int round = 1; round <= 3; round++) {
                // a phase without scrapes, as long as the scraping phase turns out to be (estimated from round 1)
                long[] wall = new long[scrapes];
                long a0 = threads.getTotalThreadAllocatedBytes(), c0 = os.getProcessCpuTime(), t0 = System.nanoTime();
                for (int i = 0; i < scrapes; i++) {
                    long s = System.nanoTime();
                    HttpResponse<String> r = http.send(get, HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() != 200) throw new IllegalStateException("GET /metrics: " + r.statusCode());
                    wall[i] = System.nanoTime() - s;
                }
                long a1 = threads.getTotalThreadAllocatedBytes(), c1 = os.getProcessCpuTime(), t1 = System.nanoTime();
                Thread.sleep((t1 - t0) / 1_000_000);
                long a2 = threads.getTotalThreadAllocatedBytes(), c2 = os.getProcessCpuTime(), t2 = System.nanoTime();
                double idleScale = (double) (t1 - t0) / (t2 - t1);
                double alloc = ((a1 - a0) - (a2 - a1) * idleScale) / scrapes;
                double cpu = ((c1 - c0) - (c2 - c1) * idleScale) / scrapes;
                Arrays.sort(wall);
                System.out.printf("%-6d %9d %9.2f %9.2f %9.2f %12.2f %12.0f%n", round, scrapes, wall[scrapes / 2] / 1e6,
                        wall[(int) (scrapes * 0.99)] / 1e6, wall[scrapes - 1] / 1e6, cpu / 1e6, alloc / 1024);
            }
        }
    }
}

package gateway.itest.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import gateway.api.stream.StreamFormat;
import gateway.api.stream.StreamPublisher;
import gateway.api.stream.StreamSpec;
import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The metrics contract in the real runtime: a plugin's Prometheus collectors, registered as services, are on
 * {@code GET /metrics} while it runs and gone when it stops or is removed (the example plugin, and the gateway's
 * own SRT, WHIP and recorder plugins); a broken or clashing collector spoils nothing else; the per-origin
 * counters keep what ended streams carried.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class MetricsWhiteboardTest extends GatewayFrameworkTest {
    @Inject
    ConfigurationAdmin configAdmin;

    /** The value of the sample whose name and labels (in the order the writer sorts them) are exactly these. */
    private static Optional<Double> sample(String exposition, String nameAndLabels) {
        for (String line : exposition.split("\n")) {
            if (line.startsWith(nameAndLabels + " ")) return Optional.of(Double.parseDouble(line.substring(nameAndLabels.length() + 1).trim()));
        }
        return Optional.empty();
    }

    private String scrape() throws Exception {
        HttpResponse<String> r = http.get("/metrics");
        assertEquals(r.body(), 200, r.statusCode());
        return r.body();
    }

    private HttpResponse<String> awaitMetrics(java.util.function.Predicate<String> until) throws Exception {
        HttpResponse<String> r = http.await("/metrics", x -> x.statusCode() == 200 && until.test(x.body()), Duration.ofSeconds(10));
        assertTrue("/metrics never showed what was expected:\n" + r.body(), until.test(r.body()));
        return r;
    }

    private Bundle installStats() throws Exception {
        try (InputStream in = Files.newInputStream(Path.of(context.getProperty("stats.bundle")))) {
            Bundle b = context.installBundle("itest:stats-metrics", in);
            b.start();
            return b;
        }
    }

    @Test
    public void aPluginsMetricsAreThereWhileItRunsAndGoneWhenItStopsOrIsRemoved() throws Exception {
        String watching = "gateway_example_stats_streams";
        assertFalse(scrape().contains(watching));
        StreamPublisher publisher = registry.open(StreamSpec.of("itest-metrics", StreamFormat.OPUS_48K_STEREO));
        AtomicLong sent = new AtomicLong();
        ScheduledExecutorService feeder = Executors.newSingleThreadScheduledExecutor();
        feeder.scheduleAtFixedRate(() -> publisher.send(sent.getAndIncrement() * 20_000, 20_000, ByteBuffer.wrap(new byte[160])),
                0, 20, TimeUnit.MILLISECONDS);
        Bundle stats = installStats();
        try {
            // The plugin watches the one live stream: its own gauge says so, and the core sees its attachment.
            String text = awaitMetrics(t -> sample(t, watching).orElse(0.0) == 1.0).body();
            assertTrue(text.contains("# TYPE gateway_example_stats_gaps_total counter"));
            assertEquals(Optional.of(1.0), sample(text, "gateway_handler_attachments{handler=\"stream-statistics\"}"));

            stats.stop();
            text = awaitMetrics(t -> !t.contains(watching)).body();
            assertFalse("its counter went too", text.contains("gateway_example_stats_gaps"));
            assertEquals(Optional.of(1.0), sample(text, "gateway_plugin_state{plugin=\"gateway.example.stats\",state=\"resolved\",version=\""
                    + stats.getVersion() + "\"}"));

            stats.start();
            awaitMetrics(t -> sample(t, watching).orElse(0.0) == 1.0);

            stats.uninstall();
            awaitMetrics(t -> !t.contains(watching) && !t.contains("plugin=\"gateway.example.stats\""));

            stats = installStats();
            awaitMetrics(t -> sample(t, watching).orElse(0.0) == 1.0);
        } finally {
            stats.uninstall();
            feeder.shutdownNow();
            feeder.awaitTermination(5, TimeUnit.SECONDS);
            publisher.end("test over");
        }
        awaitMetrics(t -> !t.contains(watching));
    }

    @Test
    public void theGatewaysOwnPluginsMetricsGoWhenTheyStopAndComeBackWhenTheyStart() throws Exception {
        // each plugin's prefix, and one metric it always shows
        String[][] plugins = {{"gateway.whip", "gateway_whip_", "gateway_whip_pool_ports"},
                {"gateway.srt", "gateway_srt_", "gateway_srt_connections"},
                {"gateway.recorder", "gateway_recorder_", "gateway_recorder_recordings"}};
        for (String[] p : plugins) {
            Bundle plugin = bundle(p[0]);
            String shown = "# TYPE " + p[2] + " gauge\n";
            awaitMetrics(t -> t.contains(shown));
            plugin.stop();
            try {
                String text = awaitMetrics(t -> !t.contains(p[1])).body();
                assertEquals(Optional.of(1.0), sample(text, "gateway_plugin_state{plugin=\"" + p[0] + "\",state=\"resolved\",version=\""
                        + plugin.getVersion() + "\"}"));
                assertTrue("the other plugins' metrics stay", text.contains("# TYPE gateway_streams gauge"));
            } finally {
                plugin.start();
            }
            String text = awaitMetrics(t -> t.contains(shown)).body();
            assertFalse(p[0] + "'s metrics once, not twice", text.indexOf(shown) != text.lastIndexOf(shown));
        }
    }

    /**
     * The SRT ingest component is re-created when its configuration changes; its counters are not: they live in a
     * component of their own and start at zero only when the bundle does.
     */
    @Test
    public void aPluginsCountersSurviveTheReconfigurationOfItsComponent() throws Exception {
        String malformed = "gateway_srt_malformed_datagrams_total";
        int port = Integer.parseInt(context.getProperty("gateway.http.port")); // SRT listens on the HTTP port's number
        junk(port);
        double before = sample(awaitMetrics(t -> sample(t, malformed).orElse(0.0) >= 1).body(), malformed).orElseThrow();
        ServiceReference<?> ingest = awaitService("gateway.srt.internal.SrtIngest", -1);
        Configuration cfg = configAdmin.getConfiguration("gateway.srt", "?");
        Dictionary<String, Object> changed = new Hashtable<>();
        changed.put("latencyMillis", 150);
        try {
            cfg.update(changed);
            ServiceReference<?> recreated = awaitService("gateway.srt.internal.SrtIngest", (Long) ingest.getProperty(Constants.SERVICE_ID));
            assertEquals(150, ((Number) recreated.getProperty("latencyMillis")).intValue());
            // (the JAX-RS whiteboard redeploys its application when the ingest's resource comes back: /metrics may
            // answer 404 for a moment)
            assertEquals("the count is kept across the new listener", Optional.of(before),
                    sample(awaitMetrics(t -> sample(t, malformed).isPresent()).body(), malformed));
            junk(port);
            awaitMetrics(t -> sample(t, malformed).orElse(0.0) == before + 1);
        } finally {
            cfg.delete();
        }
    }

    private static void junk(int port) throws Exception {
        try (DatagramSocket s = new DatagramSocket()) {
            byte[] junk = {1, 2, 3};
            s.send(new DatagramPacket(junk, junk.length, new InetSocketAddress("127.0.0.1", port)));
        }
    }

    /** Waits for the service of that class whose id is not {@code notId}; fails after 10 s. */
    private ServiceReference<?> awaitService(String className, long notId) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            ServiceReference<?> r = context.getServiceReference(className);
            if (r != null && (Long) r.getProperty(Constants.SERVICE_ID) != notId) return r;
            Thread.sleep(20);
        }
        throw new AssertionError("no " + className + " service other than " + notId);
    }

    private Bundle bundle(String symbolicName) {
        for (Bundle b : context.getBundles()) if (b.getSymbolicName().equals(symbolicName)) return b;
        throw new AssertionError(symbolicName + " is not installed");
    }

    @Test
    public void aBrokenOrClashingCollectorSpoilsNothingElse() throws Exception {
        Collector broken = () -> {
            throw new IllegalStateException("collector out of order");
        };
        MultiCollector clashing = () -> MetricSnapshots.of(
                gauge("gateway_streams", 99), // the core's name: left out
                gauge("itest_probe_value", 42));
        ServiceRegistration<Collector> r1 = context.registerService(Collector.class, broken, null);
        ServiceRegistration<MultiCollector> r2 = context.registerService(MultiCollector.class, clashing, null);
        String probe = context.getBundle().getSymbolicName();
        try {
            StreamPublisher p = registry.open(StreamSpec.of("itest-clash", StreamFormat.OPUS_48K_STEREO));
            p.send(0, 20_000, ByteBuffer.wrap(new byte[10]));
            try {
                String text = scrape();
                assertEquals(Optional.of(42.0), sample(text, "itest_probe_value"));
                assertEquals("the core's gateway_streams, once", 1, text.split("# TYPE gateway_streams gauge\n", -1).length - 1);
                assertEquals(Optional.of(1.0), sample(text, "gateway_streams{origin=\"itest-clash\",state=\"live\"}"));
                assertFalse(text.contains(" 99.0"));
                assertTrue(sample(text, "gateway_metrics_collector_errors_total{plugin=\"" + probe + "\"}").orElse(0.0) >= 1);
            } finally {
                p.end("test over");
            }
        } finally {
            r1.unregister();
            r2.unregister();
        }
        String text = scrape();
        assertFalse(text.contains("itest_probe_value"));
    }

    @Test
    public void perOriginCountersKeepWhatEndedStreamsCarried() throws Exception {
        String origin = "itest-totals";
        for (int round = 1; round <= 2; round++) {
            StreamPublisher p = registry.open(StreamSpec.of(origin, StreamFormat.OPUS_48K_STEREO));
            for (int i = 0; i < 50; i++) p.send(i * 20_000L, 20_000, ByteBuffer.wrap(new byte[100]));
            p.end("done");
            int r = round;
            String text = awaitMetrics(t -> sample(t, "gateway_streams_ended_total{origin=\"" + origin + "\",state=\"ended\"}").orElse(0.0) == r).body();
            assertEquals(Optional.of(50.0 * round), sample(text, "gateway_stream_packets_total{origin=\"" + origin + "\"}"));
            assertEquals(Optional.of(5000.0 * round), sample(text, "gateway_stream_bytes_total{origin=\"" + origin + "\"}"));
            assertEquals(Optional.of((double) round), sample(text, "gateway_streams_opened_total{origin=\"" + origin + "\"}"));
            assertEquals(Optional.of(0.0), sample(text, "gateway_streams{origin=\"" + origin + "\",state=\"live\"}"));
        }
    }

    private static GaugeSnapshot gauge(String name, double value) {
        return GaugeSnapshot.builder().name(name).help("itest").dataPoint(GaugeDataPointSnapshot.builder().value(value).build()).build();
    }
}

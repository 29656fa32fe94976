package gateway.lib.srt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Closing listeners, connections and senders leaves no thread and no bound port behind. */
class ResourceCleanupTest {
    private static final Pattern SRT_THREAD = Pattern.compile("\"name\": \"srt-");

    /**
     * SRT threads alive now, platform and virtual: a JSON thread dump lists virtual threads too, which
     * {@link Thread#getAllStackTraces()} does not (the callers' receive loops are virtual threads).
     */
    private static long srtThreads() throws IOException {
        Path dump = Files.createTempFile("threads", ".json");
        Files.delete(dump); // dumpThreads refuses to overwrite
        try {
            ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                    .dumpThreads(dump.toString(), HotSpotDiagnosticMXBean.ThreadDumpFormat.JSON);
            return SRT_THREAD.matcher(Files.readString(dump)).results().count();
        } finally {
            Files.deleteIfExists(dump);
        }
    }

    @Test
    void fiftyListenerAndSenderLifecyclesLeakNothing() throws Exception {
        long before = srtThreads();
        int port = 0;
        for (int i = 0; i < 50; i++) {
            try (SrtListener listener = SrtListener.open(SrtListenerOptions.defaults(0),
                    request -> AccessDecision.acceptWith(List.of("cleanup-passphrase")))) {
                port = listener.localAddress().getPort();
                try (SrtSender sender = SrtSender.connect(SrtCallerOptions.to(new InetSocketAddress("127.0.0.1", port))
                        .withPassphrase("cleanup-passphrase", 16))) {
                    SrtConnection c = listener.accept(Duration.ofSeconds(5));
                    sender.send(new byte[100]);
                    assertEquals(100, c.receive(Duration.ofSeconds(2)).payload().length);
                }
            }
        }
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (srtThreads() > before && System.nanoTime() < deadline) Thread.sleep(50);
        assertEquals(before, srtThreads(), "every SRT thread ended");
        // the last port is free again
        try (SrtListener again = SrtListener.open(new SrtListenerOptions(new InetSocketAddress(port), Duration.ofMillis(120),
                Duration.ofSeconds(5), 64, 10, 10), request -> AccessDecision.acceptUnencrypted())) {
            assertTrue(again.localAddress().getPort() == port);
        }
    }
}

package gateway.lib.srt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Closing listeners, connections and senders leaves no thread and no bound port behind. */
class ResourceCleanupTest {

    private static long srtThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("srt-")).count();
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

package gateway.whip.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class SrtHostLookupTest {

    @Test
    void literalAddressesAndNamesResolve() {
        SrtHostLookup lookup = new SrtHostLookup(InetAddress::getByName, Duration.ofSeconds(5));
        assertEquals("127.0.0.1:9000", lookup.resolve("127.0.0.1", 9000).toString().replaceFirst("^.*/", ""));
        assertTrue(lookup.resolve("localhost", 9000).getAddress().isLoopbackAddress());
    }

    @Test
    void aNameWithoutAnAddressIsRefusedWithTheResolversWords() {
        SrtHostLookup system = new SrtHostLookup(InetAddress::getByName, Duration.ofSeconds(10));
        WhipException e = assertThrows(WhipException.class, () -> system.resolve("no-such-host.invalid", 9000)); // RFC 6761: never resolves
        assertEquals(WhipError.SRT_HOST_UNKNOWN, e.error());
        assertTrue(e.getMessage().startsWith("'no-such-host.invalid' does not resolve to an address"), e.getMessage());

        SrtHostLookup told = new SrtHostLookup(host -> {
            throw new UnknownHostException(host + ": Name or service not known");
        }, Duration.ofSeconds(5));
        assertEquals("'typo.example' does not resolve to an address (Name or service not known)",
                assertThrows(WhipException.class, () -> told.resolve("typo.example", 1)).getMessage());
    }

    @Test
    void aNameServiceThatDoesNotAnswerIsWaitedForOnlyUntilTheTimeout() {
        CountDownLatch never = new CountDownLatch(1);
        SrtHostLookup silent = new SrtHostLookup(host -> {
            try {
                never.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new UnknownHostException(host);
        }, Duration.ofMillis(200));
        long t0 = System.nanoTime();
        WhipException e = assertThrows(WhipException.class, () -> silent.resolve("slow.example", 1));
        long millis = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(WhipError.SRT_HOST_LOOKUP_TIMEOUT, e.error());
        assertEquals("the name service did not answer for 'slow.example' within 200 ms", e.getMessage());
        assertTrue(millis >= 200 && millis < 2_000, millis + " ms");
        never.countDown();
    }
}

package gateway.core.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RefusalLogTest {
    private final AtomicLong clock = new AtomicLong();
    private final List<String> lines = new ArrayList<>();
    private final RefusalLog log = new RefusalLog(clock::get, lines::add);

    @Test
    void aRefusalIsLoggedWithMethodPathAddressAndReason() {
        log.refused(ManagementRefusalCounter.Reason.WRONG_TOKEN, "GET", "/plugins", "192.0.2.7");
        assertEquals(List.of("Management request refused (wrong token): GET /plugins from 192.0.2.7"), lines);
    }

    @Test
    void aFloodIsLoggedTenTimesAMinuteThenSummarised() {
        for (int i = 0; i < 500; i++) log.refused(ManagementRefusalCounter.Reason.MISSING_TOKEN, "GET", "/streams", "198.51.100.1");
        assertEquals(RefusalLog.LINES_PER_MINUTE, lines.size());
        clock.addAndGet(60_000_000_000L);
        log.refused(ManagementRefusalCounter.Reason.NOT_BEARER, "PUT", "/plugins/gateway.srt", "198.51.100.1");
        assertEquals(RefusalLog.LINES_PER_MINUTE + 2, lines.size());
        assertEquals("490 more management request(s) were refused in the last minute without a log line each",
                lines.get(RefusalLog.LINES_PER_MINUTE));
        assertTrue(lines.get(RefusalLog.LINES_PER_MINUTE + 1).contains("(not a bearer token): PUT /plugins/gateway.srt"));
    }

    @Test
    void theCounterCountsEveryRefusalByReason() {
        ManagementRefusalCounter counter = new ManagementRefusalCounter();
        counter.count(ManagementRefusalCounter.Reason.MISSING_TOKEN);
        counter.count(ManagementRefusalCounter.Reason.WRONG_TOKEN);
        counter.count(ManagementRefusalCounter.Reason.WRONG_TOKEN);
        assertEquals(new ManagementRefusalCounter.Snapshot(1, 0, 2), counter.snapshot());
        assertEquals(3, counter.snapshot().total());
    }
}

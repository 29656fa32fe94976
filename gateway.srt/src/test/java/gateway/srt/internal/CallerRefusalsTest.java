package gateway.srt.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Counting and logging refusals: every one counted, the log bounded and free of anything a caller made up. */
class CallerRefusalsTest {
    private static final InetSocketAddress PEER = new InetSocketAddress("192.0.2.7", 40000);
    private final List<LogRecord> logged = new CopyOnWriteArrayList<>();
    private final Logger jul = Logger.getLogger(CallerRefusals.class.getName());
    private final Handler capture = new Handler() {
        @Override public void publish(LogRecord r) { logged.add(r); }
        @Override public void flush() { }
        @Override public void close() { }
    };
    private long now = 0;

    @BeforeEach
    void capture() {
        jul.addHandler(capture);
    }

    @AfterEach
    void release() {
        jul.removeHandler(capture);
    }

    private static String text(LogRecord r) {
        return new java.util.logging.SimpleFormatter().formatMessage(r);
    }

    @Test
    void everyReasonIsCountedAndStartsAtZero() {
        CallerRefusals refusals = new CallerRefusals(() -> now);
        Map<CallerRefusal, Long> none = refusals.counts();
        assertEquals(CallerRefusal.values().length, none.size());
        assertTrue(none.values().stream().allMatch(n -> n == 0));
        refusals.refused(CallerRefusal.WRONG_PASSPHRASE, PEER, "");
        refusals.refused(CallerRefusal.WRONG_PASSPHRASE, PEER, "");
        refusals.refused(CallerRefusal.NO_RESERVATION, PEER, "");
        Map<CallerRefusal, Long> counts = refusals.counts();
        assertEquals(2L, counts.get(CallerRefusal.WRONG_PASSPHRASE));
        assertEquals(1L, counts.get(CallerRefusal.NO_RESERVATION));
        assertEquals(0L, counts.get(CallerRefusal.UNKNOWN_STREAM_ID));
        assertEquals(0L, none.get(CallerRefusal.WRONG_PASSPHRASE), "a snapshot does not change");
    }

    @Test
    void wrongCredentialsAreWarningsAndTheLineNamesPeerAndReason() {
        CallerRefusals refusals = new CallerRefusals(() -> now);
        refusals.refused(CallerRefusal.WRONG_PASSPHRASE, PEER, "0b0e5a0e-6b1e-4d1f-9b7c-2f2f2f2f2f2f");
        refusals.refused(CallerRefusal.NO_RESERVATION, PEER, "");
        assertEquals(2, logged.size());
        assertEquals(Level.WARNING, logged.get(0).getLevel());
        assertEquals("SRT caller /192.0.2.7:40000 refused (wrong_passphrase): its passphrase is not the token of a waiting "
                + "reservation (stream id 0b0e5a0e-6b1e-4d1f-9b7c-2f2f2f2f2f2f); 1 such refusal(s) so far", text(logged.get(0)));
        assertEquals(Level.INFO, logged.get(1).getLevel(), "a caller that came at the wrong time is no attack");
        assertTrue(text(logged.get(1)).contains("(no_reservation)") && text(logged.get(1)).contains("(no stream id)"), text(logged.get(1)));
    }

    @Test
    void aStreamIdThatIsNotAnEventIdIsNotLogged() {
        CallerRefusals refusals = new CallerRefusals(() -> now);
        refusals.refused(CallerRefusal.UNKNOWN_STREAM_ID, PEER, "#!::u=admin,t=s3cr3t\nFAKE LOG LINE");
        String line = text(logged.get(0));
        assertFalse(line.contains("s3cr3t") || line.contains("FAKE") || line.contains("\n"), line);
        assertTrue(line.contains("characters that is not an event id"), line);
    }

    @Test
    void aCallerRetryingManyTimesASecondIsLoggedOnceASecondAndCountedEveryTime() {
        CallerRefusals refusals = new CallerRefusals(() -> now);
        for (int i = 0; i < 50; i++) {
            refusals.refused(CallerRefusal.WRONG_PASSPHRASE, PEER, "");
            now += 10_000_000; // 10 ms apart: 0.5 s in all
        }
        refusals.refused(CallerRefusal.MISSING_PASSPHRASE, PEER, "");
        assertEquals(2, logged.size(), "one line for the 50, one for the other reason");
        now += 1_000_000_000;
        refusals.refused(CallerRefusal.WRONG_PASSPHRASE, PEER, "");
        assertEquals(3, logged.size());
        assertTrue(text(logged.get(2)).endsWith("51 such refusal(s) so far, 49 not logged since the last line"), text(logged.get(2)));
        assertEquals(51L, refusals.counts().get(CallerRefusal.WRONG_PASSPHRASE));
    }
}

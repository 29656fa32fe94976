package gateway.recorder.internal;

import static gateway.recorder.internal.Fixtures.packet;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The automatic recording decision and what a recorder restart does to it: sessions on a real index and file
 * storage in a temporary folder, each "restart" a new index and session registry on the same folder.
 */
class AutoRecordHandlerTest {
    @TempDir
    Path dir;

    private final Fixtures.EventLog events = new Fixtures.EventLog();
    private final Fixtures.Stream stream = new Fixtures.Stream("s1", Map.of("record", "true", "event", "e1"));

    /** A recorder as it is after a (re)start: the index read from the folder, no sessions. */
    private record Run(SessionContext context, RecordingSessions sessions, AutoRecordHandler handler) {}

    private Run start() throws Exception {
        SessionContext c = Fixtures.context(dir, Fixtures.settings(0), events);
        RecordingSessions sessions = new RecordingSessions(c);
        return new Run(c, sessions, new AutoRecordHandler(c.index(), sessions));
    }

    private static void feed(RecordingSession s, long from, int n) {
        for (long i = from; i < from + n; i++) s.onPacket(packet(i));
    }

    @Test
    void recordsAMatchingStreamOnceInModeAuto() throws Exception {
        Run run = start();
        RecordingSession s = (RecordingSession) run.handler().attach(stream);
        assertNotNull(s);
        assertEquals(RecordingMode.AUTO, s.current().mode());
        assertEquals("e1", s.current().event());
        assertNull(s.current().previous(), "nothing to continue");
        assertNull(run.handler().attach(stream), "one recording per stream");
        assertNull(run.sessions().open(stream, RecordingMode.REQUEST), "a request meanwhile is refused too");
    }

    @Test
    void aRecorderStopInterruptsTheFileAndTheNextRunContinuesIt() throws Exception {
        Run first = start();
        RecordingSession s = (RecordingSession) first.handler().attach(stream);
        feed(s, 0, 50);
        first.sessions().stopping(Ending.RECORDER_STOPPED);
        s.onDetached();
        Recording interrupted = first.context().index().get(s.current().id()).orElseThrow();
        assertEquals(RecordingState.INTERRUPTED, interrupted.state());
        assertEquals("recorder stopped", interrupted.reason());
        assertTrue(interrupted.durationMillis() > 900, interrupted.toString());
        assertTrue(first.sessions().all().isEmpty());

        Run second = start();
        RecordingSession resumed = (RecordingSession) second.handler().attach(stream);
        assertNotNull(resumed, "the stream is recorded again");
        feed(resumed, 60, 10);
        Recording next = resumed.current();
        assertEquals(interrupted.id(), next.previous());
        assertTrue(next.gapMillis() != null && next.gapMillis() >= 0, next.toString());
        assertEquals(RecordingMode.AUTO, next.mode());
        assertEquals(List.of("recording-started", "recording-ended", "recording-started"), events.types());
    }

    @Test
    void anOperatorsStopSticksAcrossRestartsUntilSomeoneAsksAgain() throws Exception {
        Run first = start();
        RecordingSession s = (RecordingSession) first.handler().attach(stream);
        feed(s, 0, 10);
        Recording stopped = s.stop();
        assertEquals(RecordingState.COMPLETE, stopped.state());
        assertEquals("stopped by request", stopped.reason());

        Run second = start();
        assertNull(second.handler().attach(stream), "not recorded again automatically");
        RecordingSession requested = second.sessions().open(stream, RecordingMode.REQUEST);
        assertNotNull(requested, "but on request");
        assertNull(requested.current().previous(), "a stop is not an interruption: nothing to continue");
    }

    @Test
    void aGatewayShutdownIsNotARecorderStop() throws Exception {
        Run first = start();
        RecordingSession s = (RecordingSession) first.handler().attach(stream);
        feed(s, 0, 10);
        first.sessions().stopping(Ending.GATEWAY_STOPPING);
        s.onDetached();
        assertEquals("gateway shutting down", first.context().index().get(s.current().id()).orElseThrow().reason());
        assertNull(start().context().index().history(stream.id()).resumable());
    }

    @Test
    void anAutomaticRecordingWithoutAudioLeavesNoEntry() throws Exception {
        Run run = start();
        RecordingSession s = (RecordingSession) run.handler().attach(stream);
        s.onEnd(gateway.api.stream.StreamState.ENDED, "caller disconnected");
        assertEquals(0, run.context().index().size());
        assertTrue(run.sessions().all().isEmpty());
    }
}

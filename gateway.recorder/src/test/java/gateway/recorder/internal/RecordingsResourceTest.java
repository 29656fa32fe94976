package gateway.recorder.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import gateway.api.http.ProblemException;
import org.junit.jupiter.api.Test;

/** Each recorder error gets the status code the README documents. */
class RecordingsResourceTest {
    private static final Recording STOPPED = Fixtures.finished("r1", "s", RecordingState.COMPLETE, java.time.Instant.EPOCH, 1);

    private static void maps(RecorderException e, int status, String detail) {
        ProblemException p = RecordingsResource.problem(e);
        assertEquals(status, p.status(), e.getClass().getSimpleName());
        assertEquals(detail, p.detail());
    }

    @Test
    void notFound() {
        maps(new RecorderException.RecordingNotFound("x"), 404, "no recording 'x'");
        maps(new RecorderException.StreamNotFound("s"), 404, "no live stream 's'");
        maps(new RecorderException.AudioNotFound("recording 'x' has no audio"), 404, "recording 'x' has no audio");
    }

    @Test
    void conflicts() {
        maps(new RecorderException.NotInProgress(STOPPED), 409, "recording 'r1' is not in progress (state complete)");
        maps(new RecorderException.StillRecording("r1"), 409, "recording 'r1' is in progress; stop it first (POST /recordings/r1/stop)");
        maps(new RecorderException.AlreadyRecorded("s", "r2"), 409, "stream 's' is already being recorded as r2");
        maps(new RecorderException.StreamNotRecordable("stream 's' has ended"), 409, "stream 's' has ended");
    }

    @Test
    void storage() {
        maps(new RecorderException.StorageUnavailable("the file of recording 'x' cannot be read: EIO"), 503,
                "the file of recording 'x' cannot be read: EIO");
        assertEquals("Storage unavailable", RecordingsResource.problem(new RecorderException.StorageUnavailable("x")).title());
    }
}

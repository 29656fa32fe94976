package gateway.core.internal.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import gateway.api.stream.AttachmentInfo;
import gateway.api.stream.AttachmentState;
import java.util.List;
import org.junit.jupiter.api.Test;

class HandlerTotalsTest {
    private final HandlerTotals totals = new HandlerTotals();

    private static AttachmentInfo attached(String id, String handler, long delivered, long dropped) {
        return new AttachmentInfo(handler, delivered, dropped, false, null, id, AttachmentState.ATTACHED);
    }

    private static AttachmentInfo failed(String id, String handler, long delivered, long dropped) {
        return new AttachmentInfo(handler, delivered, dropped, true, "IllegalStateException: boom", id, AttachmentState.FAILED);
    }

    private void look(String stream, AttachmentInfo... attachments) {
        look(stream, false, attachments);
    }

    private void look(String stream, boolean ended, AttachmentInfo... attachments) {
        totals.begin();
        totals.observe(stream, ended, List.of(attachments));
        totals.end();
    }

    private HandlerTotals.Figures of(String handler) {
        return totals.byHandler().get(handler);
    }

    @Test
    void deliveredDroppedAndFailuresAddUpAcrossLooksAndStreams() {
        totals.begin();
        totals.observe("s1", false, List.of(attached("1", "recorder", 100, 0), attached("2", "stats", 100, 2)));
        totals.observe("s2", false, List.of(attached("3", "recorder", 50, 0)));
        totals.end();
        assertEquals(150, of("recorder").delivered);
        assertEquals(2, of("recorder").attached);
        assertEquals(2, of("stats").dropped);

        totals.begin();
        totals.observe("s1", false, List.of(attached("1", "recorder", 180, 5), failed("2", "stats", 120, 2)));
        totals.end();
        assertEquals(230, of("recorder").delivered, "s2 left the registry: what it delivered stays counted");
        assertEquals(5, of("recorder").dropped);
        assertEquals(1, of("recorder").attached);
        assertEquals(1, of("stats").failures);
        assertEquals(0, of("stats").attached, "a failed attachment receives nothing: not attached");

        look("s1", failed("2", "stats", 120, 2));
        assertEquals(1, of("stats").failures, "a failed session counts once");
        assertEquals(0, of("recorder").attached, "a handler seen once stays, at zero attachments");
        assertEquals(230, of("recorder").delivered);
    }

    @Test
    void whatASessionReceivedAfterTheLastLookCountsOnceItsStreamHasEnded() {
        look("s", attached("7", "recorder", 100, 0));
        // the stream ended; the registry keeps its attachment with the final counters
        look("s", true, new AttachmentInfo("recorder", 260, 3, false, null, "7", AttachmentState.ENDED));
        assertEquals(260, of("recorder").delivered);
        assertEquals(3, of("recorder").dropped);
        assertEquals(0, of("recorder").attached, "an ended stream's attachment is not a live one");
        look("s", true, new AttachmentInfo("recorder", 260, 3, false, null, "7", AttachmentState.ENDED));
        assertEquals(260, of("recorder").delivered, "seen again: nothing counted twice");
        totals.begin();
        totals.end(); // the registry forgot the stream
        assertEquals(260, of("recorder").delivered);
        assertEquals(0, totals.tracked());
    }

    @Test
    void aHandlerThatReattachesUnderTheSameNameIsANewAttachmentWhateverItsCounters() {
        look("s", attached("1", "stats", 500, 3));
        // updated between two looks: the old attachment is gone, the new one has already delivered more
        look("s", attached("2", "stats", 600, 0));
        assertEquals(1100, of("stats").delivered, "the new attachment's 600 all count");
        look("s", attached("2", "stats", 20_000, 0));
        assertEquals(20_500, of("stats").delivered);
        assertEquals(3, of("stats").dropped);
        assertEquals(1, totals.tracked());
    }

    @Test
    void twoAttachmentsOfOneNameOnAStreamAreToldApart() {
        look("s", attached("1", "recorder", 10, 0), attached("2", "recorder", 4, 0));
        look("s", attached("1", "recorder", 12, 0), attached("2", "recorder", 9, 0));
        assertEquals(21, of("recorder").delivered);
        assertEquals(2, of("recorder").attached);
    }

    @Test
    void snapshotsWithoutAnIdAreToldApartByNameAndOrder() {
        look("s", new AttachmentInfo("recorder", 10, 0, false, null), new AttachmentInfo("recorder", 4, 0, false, null));
        look("s", new AttachmentInfo("recorder", 12, 0, false, null), new AttachmentInfo("recorder", 9, 0, false, null));
        assertEquals(21, of("recorder").delivered);
        assertEquals(2, of("recorder").attached);
    }

    @Test
    void anAttachmentStillAttachingCountsAsAttached() {
        look("s", new AttachmentInfo("slow", 0, 0, false, null, "9", AttachmentState.ATTACHING));
        assertEquals(1, of("slow").attached);
    }
}

package gateway.core.internal.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import gateway.api.stream.AttachmentInfo;
import java.util.List;
import org.junit.jupiter.api.Test;

class HandlerTotalsTest {
    private final HandlerTotals totals = new HandlerTotals();

    private void look(String stream, AttachmentInfo... attachments) {
        totals.begin();
        totals.observe(stream, List.of(attachments));
        totals.end();
    }

    private HandlerTotals.Figures of(String handler) {
        return totals.byHandler().get(handler);
    }

    @Test
    void deliveredDroppedAndFailuresAddUpAcrossLooksAndStreams() {
        totals.begin();
        totals.observe("s1", List.of(new AttachmentInfo("recorder", 100, 0, false, null),
                new AttachmentInfo("stats", 100, 2, false, null)));
        totals.observe("s2", List.of(new AttachmentInfo("recorder", 50, 0, false, null)));
        totals.end();
        assertEquals(150, of("recorder").delivered);
        assertEquals(2, of("recorder").attached);
        assertEquals(2, of("stats").dropped);

        totals.begin();
        totals.observe("s1", List.of(new AttachmentInfo("recorder", 180, 5, false, null),
                new AttachmentInfo("stats", 120, 2, true, "IllegalStateException: boom")));
        totals.end();
        assertEquals(230, of("recorder").delivered, "s2 ended: what it delivered stays counted");
        assertEquals(5, of("recorder").dropped);
        assertEquals(1, of("recorder").attached);
        assertEquals(1, of("stats").failures);

        look("s1", new AttachmentInfo("stats", 120, 2, true, "IllegalStateException: boom"));
        assertEquals(1, of("stats").failures, "a failed session counts once");
        assertEquals(0, of("recorder").attached, "a handler seen once stays, at zero attachments");
        assertEquals(230, of("recorder").delivered);
    }

    @Test
    void aHandlerThatCameBackStartsANewAttachment() {
        look("s", new AttachmentInfo("stats", 500, 3, false, null));
        look("s", new AttachmentInfo("stats", 20, 0, false, null));
        assertEquals(520, of("stats").delivered, "the counters never go down");
        assertEquals(3, of("stats").dropped);
    }

    @Test
    void twoAttachmentsOfOneNameOnAStreamAreToldApart() {
        look("s", new AttachmentInfo("recorder", 10, 0, false, null), new AttachmentInfo("recorder", 4, 0, false, null));
        look("s", new AttachmentInfo("recorder", 12, 0, false, null), new AttachmentInfo("recorder", 9, 0, false, null));
        assertEquals(21, of("recorder").delivered);
        assertEquals(2, of("recorder").attached);
    }
}

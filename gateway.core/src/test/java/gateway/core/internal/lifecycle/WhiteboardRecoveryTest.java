package gateway.core.internal.lifecycle;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ConcurrentModificationException;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkEvent;

class WhiteboardRecoveryTest {
    private static final String WB = WhiteboardRecovery.WHITEBOARD;

    @Test
    void aConcurrentModificationOfTheWhiteboardIsABreakageWhereverItIsInTheCauses() {
        assertTrue(WhiteboardRecovery.isWhiteboardBreakage(FrameworkEvent.ERROR, WB,
                new ConcurrentModificationException()));
        assertTrue(WhiteboardRecovery.isWhiteboardBreakage(FrameworkEvent.ERROR, WB,
                new BundleException("activator failed", new RuntimeException(new ConcurrentModificationException()))));
    }

    @Test
    void otherErrorsOtherBundlesAndOtherEventsAreNot() {
        assertFalse(WhiteboardRecovery.isWhiteboardBreakage(FrameworkEvent.ERROR, WB, new IllegalStateException()));
        assertFalse(WhiteboardRecovery.isWhiteboardBreakage(FrameworkEvent.ERROR, WB, null));
        assertFalse(WhiteboardRecovery.isWhiteboardBreakage(FrameworkEvent.ERROR, "gateway.srt",
                new ConcurrentModificationException()));
        assertFalse(WhiteboardRecovery.isWhiteboardBreakage(FrameworkEvent.WARNING, WB,
                new ConcurrentModificationException()));
        assertFalse(WhiteboardRecovery.isWhiteboardBreakage(FrameworkEvent.ERROR, null,
                new ConcurrentModificationException()));
    }

    @Test
    void restartsAreLimitedWithinTheWindowAndAllowedAgainAfterIt() {
        WhiteboardRecovery.RestartBudget budget = new WhiteboardRecovery.RestartBudget(3, 60_000);
        assertTrue(budget.take(1_000));
        assertTrue(budget.take(2_000));
        assertTrue(budget.take(3_000));
        assertFalse(budget.take(4_000));
        assertFalse(budget.take(60_999));
        assertTrue(budget.take(61_000), "the first restart has left the window");
        assertFalse(budget.take(61_500));
        assertTrue(budget.take(62_000));
    }
}

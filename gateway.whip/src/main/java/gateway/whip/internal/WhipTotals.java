package gateway.whip.internal;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import org.osgi.service.component.annotations.Component;

/**
 * What the WHIP bridges have done since this plugin started: bridges requested and ended (by cause), Opus
 * packets relayed, PCM frames dropped. A component of its own so that the totals outlive the
 * {@link WhipBridges} component, which is re-created when its configuration or the HTTP address changes: they
 * start at zero only when the plugin does. Lock-free (frames are counted on WebRTC's audio thread).
 */
@Component(service = WhipTotals.class, immediate = true)
public final class WhipTotals {
    private final LongAdder requested = new LongAdder();
    private final AtomicLongArray ended = new AtomicLongArray(EndCause.values().length);
    private final LongAdder packets = new LongAdder();
    private final LongAdder droppedFrames = new LongAdder();

    /** A bridge was requested (its port taken, its endpoint listening). */
    void countRequested() {
        requested.increment();
    }

    /** @param cause why a bridge ended */
    void countEnded(EndCause cause) {
        ended.incrementAndGet(cause.ordinal());
    }

    /** An Opus packet went to an SRT target and into the bridge's live stream. */
    void countPacket() {
        packets.increment();
    }

    /** A PCM frame was dropped (the relay was behind, or the frame's rate changed). */
    void countDroppedFrame() {
        droppedFrames.increment();
    }

    long requested() {
        return requested.sum();
    }

    long ended(EndCause cause) {
        return ended.get(cause.ordinal());
    }

    long packets() {
        return packets.sum();
    }

    long droppedFrames() {
        return droppedFrames.sum();
    }
}

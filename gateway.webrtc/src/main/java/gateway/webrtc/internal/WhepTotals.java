package gateway.webrtc.internal;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import org.osgi.service.component.annotations.Component;

/**
 * What WHEP playback has done since this plugin started: sessions started and ended (by cause), offer times. A component of
 * its own so that the totals outlive {@link WhepSessions}, which is re-created when its configuration or the
 * HTTP address changes. Lock-free.
 */
@Component(service = WhepTotals.class, immediate = true)
public final class WhepTotals {
    private final LongAdder started = new LongAdder();
    private final AtomicLongArray ended = new AtomicLongArray(EndCause.values().length);
    private final LongAdder packets = new LongAdder();
    private final OfferTimes offers = new OfferTimes();

    /** @param nanos how long an offer that was answered (201) took in the WHEP resource */
    void countOffer(long nanos) {
        offers.record(nanos);
    }

    OfferTimes offers() {
        return offers;
    }

    void countStarted() {
        started.increment();
    }

    /** @param session a session that ended: its cause and the packets it sent */
    void countEnded(EndCause cause, long packetsSent) {
        ended.incrementAndGet(cause.ordinal());
        packets.add(packetsSent);
    }

    long started() {
        return started.sum();
    }

    long ended(EndCause cause) {
        return ended.get(cause.ordinal());
    }

    /** @return packets sent by the sessions that have ended */
    long packetsOfEnded() {
        return packets.sum();
    }
}

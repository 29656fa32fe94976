package gateway.callstream.internal;

import gateway.api.stream.LiveStream;
import gateway.api.stream.MediaPacket;

/**
 * When a packet reached the gateway, as a session that receives it later can tell: the packets its stream has
 * published since then (its queue's backlog) times the packet duration, before now. A session that keeps up sees
 * no backlog, and the estimate is the time it got the packet; one that lags by {@code n} packets dates the packet
 * at least {@code n × 20 ms} back. So the delay a fork adds is measured from the packet's arrival, queueing
 * included, not from when the fork's thread got to it.
 */
final class Arrival {
    private Arrival() {
    }

    /** @return the estimated arrival in milliseconds since the epoch */
    static long estimate(LiveStream stream, MediaPacket packet) {
        long backlog = stream.counters().packets() - 1 - packet.sequence();
        long now = System.currentTimeMillis();
        if (backlog <= 0) return now;
        long micros = packet.durationMicros() > 0 ? packet.durationMicros() : MediaFormat.CHUNK_MILLIS * 1000L;
        return now - backlog * micros / 1000;
    }
}

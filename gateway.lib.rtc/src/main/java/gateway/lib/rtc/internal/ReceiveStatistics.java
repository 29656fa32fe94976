package gateway.lib.rtc.internal;

/**
 * What a receiver report says about one remote source (RFC 3550 §6.4.1 and appendix A.3, A.8): the extended
 * highest sequence number, packets expected and lost, the fraction lost since the last report, and interarrival
 * jitter in 48 kHz units. Used on the receive thread only.
 */
final class ReceiveStatistics {
    private int ssrc;
    private boolean started;
    private long base;
    private long highest;
    private long received;
    private long expectedPrior;
    private long receivedPrior;
    private double jitter;
    private long previousTransit;
    private boolean hasTransit;
    /** The middle 32 bits of the last sender report's NTP time, and when it arrived (nanoTime), for LSR/DLSR. */
    private long lastSr;
    private long lastSrArrival;

    void packet(int ssrc, int sequence, long timestamp, long arrivalNanos) {
        if (!started || ssrc != this.ssrc) {
            this.ssrc = ssrc;
            started = true;
            base = sequence;
            highest = sequence;
            received = 0;
            expectedPrior = 0;
            receivedPrior = 0;
            hasTransit = false;
            jitter = 0;
        } else {
            int delta = (sequence - (int) (highest & 0xFFFF)) & 0xFFFF;
            if (delta < 0x8000) highest += delta; // forward (with wrap); late packets do not move it
        }
        received++;
        long arrival = arrivalNanos * 48 / 1_000_000; // 48 kHz units
        long transit = arrival - timestamp;
        if (hasTransit) {
            long d = Math.abs(transit - previousTransit);
            jitter += (d - jitter) / 16.0;
        }
        previousTransit = transit;
        hasTransit = true;
    }

    void senderReport(long ntp, long arrivalNanos) {
        lastSr = (ntp >>> 16) & 0xFFFFFFFFL;
        lastSrArrival = arrivalNanos;
    }

    boolean started() {
        return started;
    }

    /** Writes one report block into an RR (and moves the "since the last report" marks). */
    int writeReport(byte[] p, int off, int reporter, long now) {
        long expected = highest - base + 1;
        long lost = Math.max(0, Math.min(expected - received, 0x7FFFFF));
        long expectedInterval = expected - expectedPrior;
        long receivedInterval = received - receivedPrior;
        expectedPrior = expected;
        receivedPrior = received;
        long lostInterval = expectedInterval - receivedInterval;
        int fraction = expectedInterval == 0 || lostInterval <= 0 ? 0 : (int) ((lostInterval << 8) / expectedInterval);
        long dlsr = lastSrArrival == 0 ? 0 : (now - lastSrArrival) * 65536 / 1_000_000_000L;
        return gateway.lib.rtc.internal.rtp.Rtcp.writeReceiverReport(p, off, reporter, ssrc, Math.min(fraction, 255), (int) lost,
                highest & 0xFFFFFFFFL, (long) jitter, lastSr, lastSr == 0 ? 0 : dlsr);
    }
}

package gateway.lib.rtc.internal;

import java.time.Instant;

/** NTP timestamps (64-bit fixed point, seconds since 1900) for RTCP sender reports and round-trip times. */
final class Ntp {
    private static final long EPOCH_OFFSET = 2_208_988_800L;

    private Ntp() {
    }

    /** @return the wall clock now as an NTP timestamp */
    static long now() {
        Instant t = Instant.now();
        long seconds = t.getEpochSecond() + EPOCH_OFFSET;
        long fraction = ((long) t.getNano() << 32) / 1_000_000_000L;
        return seconds << 32 | fraction;
    }

    /** @return the middle 32 bits of an NTP timestamp, as LSR and round-trip computations use them */
    static long middle(long ntp) {
        return (ntp >>> 16) & 0xFFFFFFFFL;
    }
}

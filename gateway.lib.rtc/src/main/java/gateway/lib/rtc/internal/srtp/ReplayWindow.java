package gateway.lib.rtc.internal.srtp;

/**
 * Replay protection over packet indices (RFC 3711 §3.3.2): a packet older than the window, or one already
 * accepted within it, is refused. Window of 64 packets. Not thread-safe.
 */
final class ReplayWindow {
    static final int SIZE = 64;
    private long highest = -1;
    private long seen;

    /** @return whether a packet with this index may be accepted (it is not a replay) */
    boolean check(long index) {
        if (highest < 0 || index > highest) return true;
        long behind = highest - index;
        if (behind >= SIZE) return false;
        return (seen & (1L << behind)) == 0;
    }

    /** Records an authenticated packet's index. */
    void accept(long index) {
        if (highest < 0) {
            highest = index;
            seen = 1;
        } else if (index > highest) {
            long shift = index - highest;
            seen = shift >= SIZE ? 1 : (seen << shift) | 1;
            highest = index;
        } else {
            seen |= 1L << (highest - index);
        }
    }

    /** @return the highest index accepted, or -1 */
    long highest() {
        return highest;
    }
}

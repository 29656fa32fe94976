package gateway.lib.srt.internal;

/** 31-bit SRT sequence numbers with wrap-around. */
public final class SeqNo {
    public static final int MAX = 0x7FFFFFFF;

    private SeqNo() {
    }

    /** @return b - a in sequence space, in (-2^30, 2^30] */
    public static int diff(int a, int b) {
        int d = (b - a) & MAX;
        return d > (MAX >> 1) ? d - MAX - 1 : d;
    }

    public static int next(int s) {
        return (s + 1) & MAX;
    }

    public static int add(int s, int n) {
        return (s + n) & MAX;
    }
}

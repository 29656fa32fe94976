package gateway.lib.rtc.internal.rtp;

/**
 * Reading and writing the fixed RTP header (RFC 3550 §5.1) in place. Static helpers over a byte array; nothing
 * is allocated.
 */
public final class Rtp {
    public static final int FIXED_HEADER = 12;

    private Rtp() {
    }

    /**
     * @return the header's length (fixed part, CSRCs, extension), or -1 when the bytes are not a version-2 RTP
     *         packet or the header runs past {@code len}
     */
    public static int headerLength(byte[] p, int off, int len) {
        if (len < FIXED_HEADER || (p[off] & 0xC0) != 0x80) return -1;
        int header = FIXED_HEADER + 4 * (p[off] & 0x0F);
        if ((p[off] & 0x10) != 0) {
            if (header + 4 > len) return -1;
            header += 4 + 4 * ((p[off + header + 2] & 0xFF) << 8 | (p[off + header + 3] & 0xFF));
        }
        return header <= len ? header : -1;
    }

    /**
     * @return the payload's length: what follows the header, less the padding the P bit announces; -1 when the
     *         padding count is impossible
     */
    public static int payloadLength(byte[] p, int off, int len, int header) {
        int payload = len - header;
        if ((p[off] & 0x20) != 0) {
            if (payload < 1) return -1;
            int padding = p[off + len - 1] & 0xFF;
            if (padding == 0 || padding > payload) return -1;
            payload -= padding;
        }
        return payload;
    }

    public static int payloadType(byte[] p, int off) {
        return p[off + 1] & 0x7F;
    }

    public static boolean marker(byte[] p, int off) {
        return (p[off + 1] & 0x80) != 0;
    }

    public static int sequence(byte[] p, int off) {
        return (p[off + 2] & 0xFF) << 8 | (p[off + 3] & 0xFF);
    }

    public static long timestamp(byte[] p, int off) {
        return readInt(p, off + 4) & 0xFFFFFFFFL;
    }

    public static int ssrc(byte[] p, int off) {
        return readInt(p, off + 8);
    }

    /** Writes a 12-byte header without CSRCs or extension. */
    public static void writeHeader(byte[] p, int off, boolean marker, int payloadType, int sequence, long timestamp, int ssrc) {
        p[off] = (byte) 0x80;
        p[off + 1] = (byte) ((marker ? 0x80 : 0) | (payloadType & 0x7F));
        p[off + 2] = (byte) (sequence >>> 8);
        p[off + 3] = (byte) sequence;
        writeInt(p, off + 4, (int) timestamp);
        writeInt(p, off + 8, ssrc);
    }

    /**
     * RFC 7983's demultiplexing of the first byte, plus RFC 5761's of the second: RTCP's packet types 192–223
     * never collide with the RTP payload types WebRTC uses.
     *
     * @return whether an RTP/RTCP datagram is RTCP
     */
    public static boolean isRtcp(byte[] p, int off, int len) {
        if (len < 2) return false;
        int pt = p[off + 1] & 0xFF;
        return pt >= 192 && pt <= 223;
    }

    static int readInt(byte[] b, int at) {
        return (b[at] & 0xFF) << 24 | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8 | (b[at + 3] & 0xFF);
    }

    static void writeInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }
}

package gateway.lib.rtc.internal.rtp;

import java.nio.charset.StandardCharsets;

/**
 * RTCP (RFC 3550 §6) as this transport uses it: reading the report blocks and BYE of a remote compound packet,
 * and writing sender and receiver reports with a CNAME. Static helpers; nothing is allocated while reading.
 */
public final class Rtcp {
    public static final int SR = 200;
    public static final int RR = 201;
    public static final int SDES = 202;
    public static final int BYE = 203;
    /** Report blocks read per packet at most (RFC 3550 allows 31). */
    static final int MAX_BLOCKS = 31;

    private Rtcp() {
    }

    /** What a compound packet's reader is told; called on the reading thread. */
    public interface Visitor {
        /** A sender report's sender info (NTP timestamp as 64-bit fixed point, RTP timestamp, counts). */
        default void senderReport(int ssrc, long ntp, long rtpTimestamp, long packets, long octets) {
        }

        /** A report block (in an SR or RR) about {@code source}. */
        default void reportBlock(int reporter, int source, int fractionLost, int cumulativeLost, long highestSequence, long jitter,
                                 long lastSr, long delaySinceLastSr) {
        }

        /** A BYE for this SSRC. */
        default void bye(int ssrc) {
        }
    }

    /**
     * Walks a compound RTCP packet.
     *
     * @return the number of packets read, or -1 when the compound packet is malformed (a wrong version, a length
     *         running past the end, a report count that does not fit); what was read before the fault was visited
     */
    public static int read(byte[] p, int off, int len, Visitor visitor) {
        int at = off;
        int end = off + len;
        int packets = 0;
        while (at < end) {
            if (end - at < 4 || (p[at] & 0xC0) != 0x80) return -1;
            int count = p[at] & 0x1F;
            int type = p[at + 1] & 0xFF;
            int length = 4 * (((p[at + 2] & 0xFF) << 8 | (p[at + 3] & 0xFF)) + 1);
            if (length > end - at) return -1;
            switch (type) {
                case SR -> {
                    if (length < 28 + 24 * count) return -1;
                    int ssrc = Rtp.readInt(p, at + 4);
                    long ntp = (long) Rtp.readInt(p, at + 8) << 32 | (Rtp.readInt(p, at + 12) & 0xFFFFFFFFL);
                    visitor.senderReport(ssrc, ntp, Rtp.readInt(p, at + 16) & 0xFFFFFFFFL, Rtp.readInt(p, at + 20) & 0xFFFFFFFFL,
                            Rtp.readInt(p, at + 24) & 0xFFFFFFFFL);
                    blocks(p, at + 28, count, ssrc, visitor);
                }
                case RR -> {
                    if (length < 8 + 24 * count) return -1;
                    blocks(p, at + 8, count, Rtp.readInt(p, at + 4), visitor);
                }
                case BYE -> {
                    if (length < 4 + 4 * count) return -1;
                    for (int i = 0; i < count; i++) visitor.bye(Rtp.readInt(p, at + 4 + 4 * i));
                }
                default -> {
                    // SDES, APP, feedback, XR: nothing this transport acts on
                }
            }
            packets++;
            at += length;
        }
        return packets;
    }

    private static void blocks(byte[] p, int at, int count, int reporter, Visitor visitor) {
        for (int i = 0; i < count && i < MAX_BLOCKS; i++) {
            int b = at + 24 * i;
            int lost = (p[b + 5] & 0xFF) << 16 | (p[b + 6] & 0xFF) << 8 | (p[b + 7] & 0xFF);
            if ((lost & 0x800000) != 0) lost |= 0xFF000000; // 24-bit signed
            visitor.reportBlock(reporter, Rtp.readInt(p, b), p[b + 4] & 0xFF, lost, Rtp.readInt(p, b + 8) & 0xFFFFFFFFL,
                    Rtp.readInt(p, b + 12) & 0xFFFFFFFFL, Rtp.readInt(p, b + 16) & 0xFFFFFFFFL, Rtp.readInt(p, b + 20) & 0xFFFFFFFFL);
        }
    }

    /**
     * Writes a sender report without report blocks.
     *
     * @return the bytes written (28)
     */
    public static int writeSenderReport(byte[] p, int off, int ssrc, long ntp, long rtpTimestamp, long packets, long octets) {
        p[off] = (byte) 0x80;
        p[off + 1] = (byte) SR;
        p[off + 2] = 0;
        p[off + 3] = 6;
        Rtp.writeInt(p, off + 4, ssrc);
        Rtp.writeInt(p, off + 8, (int) (ntp >>> 32));
        Rtp.writeInt(p, off + 12, (int) ntp);
        Rtp.writeInt(p, off + 16, (int) rtpTimestamp);
        Rtp.writeInt(p, off + 20, (int) packets);
        Rtp.writeInt(p, off + 24, (int) octets);
        return 28;
    }

    /**
     * Writes a receiver report with one report block.
     *
     * @return the bytes written (32)
     */
    public static int writeReceiverReport(byte[] p, int off, int ssrc, int source, int fractionLost, int cumulativeLost,
                                          long highestSequence, long jitter, long lastSr, long delaySinceLastSr) {
        p[off] = (byte) 0x81;
        p[off + 1] = (byte) RR;
        p[off + 2] = 0;
        p[off + 3] = 7;
        Rtp.writeInt(p, off + 4, ssrc);
        Rtp.writeInt(p, off + 8, source);
        Rtp.writeInt(p, off + 12, (fractionLost & 0xFF) << 24 | (cumulativeLost & 0xFFFFFF));
        Rtp.writeInt(p, off + 16, (int) highestSequence);
        Rtp.writeInt(p, off + 20, (int) jitter);
        Rtp.writeInt(p, off + 24, (int) lastSr);
        Rtp.writeInt(p, off + 28, (int) delaySinceLastSr);
        return 32;
    }

    /**
     * Writes an SDES packet with one chunk holding the CNAME (RFC 3550 §6.5: a compound packet must carry it).
     *
     * @return the bytes written
     */
    public static int writeCname(byte[] p, int off, int ssrc, String cname) {
        byte[] name = cname.getBytes(StandardCharsets.UTF_8);
        int n = Math.min(name.length, 255);
        int chunk = 4 + 2 + n + 1; // SSRC, type and length, text, END
        int padded = (chunk + 3) & ~3;
        p[off] = (byte) 0x81;
        p[off + 1] = (byte) SDES;
        int words = (4 + padded) / 4 - 1;
        p[off + 2] = (byte) (words >>> 8);
        p[off + 3] = (byte) words;
        Rtp.writeInt(p, off + 4, ssrc);
        p[off + 8] = 1; // CNAME
        p[off + 9] = (byte) n;
        System.arraycopy(name, 0, p, off + 10, n);
        for (int i = off + 10 + n; i < off + 4 + padded; i++) p[i] = 0;
        return 4 + padded;
    }
}

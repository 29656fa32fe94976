package gateway.lib.rtc.internal.srtp;

import gateway.lib.rtc.SrtpProfile;
import gateway.lib.rtc.internal.rtp.Rtp;

/**
 * The receiving side of an SRTP session: checks, decrypts and de-duplicates the remote party's SRTP and SRTCP
 * packets in place. Estimates each SSRC's rollover counter (RFC 3711 §3.3.1); tracks up to {@value #MAX_SSRCS}
 * SSRCs (a browser sends one per track). An SSRC takes one of those places only once a packet of it authenticates:
 * forged packets with made-up SSRCs (anyone can send them from the peer's address) must not fill the table and lock
 * out the peer's next real source. Used by the transport's receive thread only.
 */
public final class InboundSrtp {
    static final int MAX_SSRCS = 16;
    private final SrtpCipher cipher;
    private final int[] ssrcs = new int[MAX_SSRCS];
    private final Stream[] streams = new Stream[MAX_SSRCS];
    private int count;
    private final ReplayWindow rtcpReplay = new ReplayWindow();

    public InboundSrtp(SrtpProfile profile, byte[] masterKey, byte[] masterSalt) {
        this.cipher = SrtpCipher.create(profile, masterKey, masterSalt);
    }

    /** Outcome codes of {@link #unprotectRtp} and {@link #unprotectRtcp} below 0. */
    public static final int MALFORMED = -1, AUTHENTICATION_FAILED = -2, REPLAYED = -3, TOO_MANY_SOURCES = -4;

    /**
     * @return the RTP packet's length, or {@link #MALFORMED}, {@link #AUTHENTICATION_FAILED}, {@link #REPLAYED},
     *         {@link #TOO_MANY_SOURCES}
     */
    public int unprotectRtp(byte[] p, int off, int len) {
        int header = Rtp.headerLength(p, off, len - cipher.rtpOverhead());
        if (header < 0) return MALFORMED;
        int ssrc = Rtp.ssrc(p, off);
        int seq = Rtp.sequence(p, off);
        Stream s = stream(ssrc);
        if (s == null) {
            if (count == MAX_SSRCS) return TOO_MANY_SOURCES;
            // a new SSRC: its first packet has rollover counter 0 (DTLS-SRTP starts every stream at 0)
            int plain = cipher.unprotectRtp(p, off, len, header, seq);
            if (plain < 0) return AUTHENTICATION_FAILED;
            add(ssrc).accept(seq);
            return plain;
        }
        long index = s.estimate(seq);
        if (!s.replay.check(index)) return REPLAYED;
        int plain = cipher.unprotectRtp(p, off, len, header, index);
        if (plain < 0) return AUTHENTICATION_FAILED;
        s.accept(index);
        return plain;
    }

    /** @return the RTCP packet's length, or a negative outcome code as for RTP */
    public int unprotectRtcp(byte[] p, int off, int len) {
        if (len < 8 + cipher.rtcpOverhead()) return MALFORMED;
        int index = cipher.srtcpIndex(p, off, len);
        if (!rtcpReplay.check(index)) return REPLAYED;
        int plain = cipher.unprotectRtcp(p, off, len);
        if (plain < 0) return AUTHENTICATION_FAILED;
        rtcpReplay.accept(index);
        return plain;
    }

    private Stream stream(int ssrc) {
        for (int i = 0; i < count; i++) if (ssrcs[i] == ssrc) return streams[i];
        return null;
    }

    private Stream add(int ssrc) {
        ssrcs[count] = ssrc;
        streams[count] = new Stream();
        return streams[count++];
    }

    /** One SSRC's rollover counter and replay window. */
    private static final class Stream {
        final ReplayWindow replay = new ReplayWindow();
        long roc;
        int highestSeq;

        long estimate(int seq) {
            long v;
            if (highestSeq < 32768) {
                v = seq - highestSeq > 32768 ? roc - 1 : roc;
            } else {
                v = highestSeq - 32768 > seq ? roc + 1 : roc;
            }
            return v < 0 ? seq : (v << 16) | seq;
        }

        void accept(long index) {
            if (index > replay.highest()) {
                roc = index >>> 16;
                highestSeq = (int) (index & 0xFFFF);
            }
            replay.accept(index);
        }
    }
}

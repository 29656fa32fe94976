package gateway.lib.rtc.internal.srtp;

import gateway.lib.rtc.SrtpProfile;
import gateway.lib.rtc.internal.rtp.Rtp;

/**
 * The sending side of an SRTP session for one SSRC of ours: keeps the rollover counter and the SRTCP index, and
 * protects packets in place. RTP and RTCP have separate ciphers, so the RTP sender's thread and the RTCP timer's
 * thread never share state: {@link #protectRtp} belongs to one thread, {@link #protectRtcp} to another.
 */
public final class OutboundSrtp {
    private final SrtpCipher rtpCipher;
    private final SrtpCipher rtcpCipher;
    private long roc;
    private int lastSeq = -1;
    private int srtcpIndex;

    public OutboundSrtp(SrtpProfile profile, byte[] masterKey, byte[] masterSalt) {
        this.rtpCipher = SrtpCipher.create(profile, masterKey, masterSalt);
        this.rtcpCipher = SrtpCipher.create(profile, masterKey, masterSalt);
    }

    /** @return the bytes a protected RTP packet grows by */
    public int rtpOverhead() {
        return rtpCipher.rtpOverhead();
    }

    /** @return the bytes a protected RTCP packet grows by */
    public int rtcpOverhead() {
        return rtcpCipher.rtcpOverhead();
    }

    /**
     * Protects an RTP packet in place; sequence numbers must come in order (a wrap to 0 increments the rollover
     * counter).
     *
     * @return the SRTP packet's length, or -1 if the packet is malformed
     */
    public int protectRtp(byte[] p, int off, int len) {
        int header = Rtp.headerLength(p, off, len);
        if (header < 0) return -1;
        int seq = Rtp.sequence(p, off);
        if (lastSeq >= 0 && seq < lastSeq && lastSeq - seq > 32768) roc = (roc + 1) & 0xFFFFFFFFL;
        lastSeq = seq;
        return rtpCipher.protectRtp(p, off, len, header, roc << 16 | seq);
    }

    /** @return the SRTCP packet's length */
    public int protectRtcp(byte[] p, int off, int len) {
        int index = srtcpIndex;
        srtcpIndex = (srtcpIndex + 1) & 0x7FFFFFFF;
        return rtcpCipher.protectRtcp(p, off, len, index);
    }
}

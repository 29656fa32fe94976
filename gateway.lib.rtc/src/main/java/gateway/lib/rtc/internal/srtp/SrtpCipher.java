package gateway.lib.rtc.internal.srtp;

import gateway.lib.rtc.SrtpProfile;

/**
 * The cryptographic transform of one direction of an SRTP session (one master key and salt): protects or checks
 * and decrypts RTP and RTCP packets in place. Index bookkeeping (rollover counter, SRTCP index, replay) is the
 * caller's ({@link OutboundSrtp}, {@link InboundSrtp}). Reuses its buffers; one per direction and thread.
 */
public abstract class SrtpCipher {
    /** Bytes an SRTCP packet carries after its payload besides the tag: the E flag and the 31-bit index. */
    static final int SRTCP_INDEX_LENGTH = 4;

    /**
     * @param profile    the negotiated protection profile
     * @param masterKey  the master key from the DTLS exporter
     * @param masterSalt the master salt from the DTLS exporter
     * @return the transform
     */
    public static SrtpCipher create(SrtpProfile profile, byte[] masterKey, byte[] masterSalt) {
        if (masterKey.length != profile.keyLength() || masterSalt.length != profile.saltLength()) {
            throw new IllegalArgumentException("key material of the wrong length for " + profile);
        }
        return switch (profile) {
            case AES_CM_128_HMAC_SHA1_80 -> new AesCmHmacSha1(masterKey, masterSalt);
            case AEAD_AES_128_GCM -> new AesGcm(masterKey, masterSalt);
        };
    }

    /** @return the bytes a protected RTP packet grows by */
    public abstract int rtpOverhead();

    /** @return the bytes a protected RTCP packet grows by */
    public abstract int rtcpOverhead();

    /**
     * Encrypts and authenticates an RTP packet in place; the buffer must have {@link #rtpOverhead()} bytes free
     * after it.
     *
     * @param header the RTP header's length (12 + CSRCs + extension)
     * @param index  the packet index: rollover counter × 65536 + sequence number
     * @return the protected packet's length
     */
    abstract int protectRtp(byte[] p, int off, int len, int header, long index);

    /**
     * Checks and decrypts an SRTP packet in place.
     *
     * @return the RTP packet's length, or -1 when the tag is wrong
     */
    abstract int unprotectRtp(byte[] p, int off, int len, int header, long index);

    /**
     * Encrypts and authenticates an RTCP compound packet in place (E flag set); the buffer must have
     * {@link #rtcpOverhead()} bytes free after it.
     *
     * @param index the SRTCP index (31 bits)
     * @return the protected packet's length
     */
    abstract int protectRtcp(byte[] p, int off, int len, int index);

    /**
     * Checks and decrypts an SRTCP packet in place.
     *
     * @return the RTCP packet's length, or -1 when it is too short or its tag is wrong
     */
    abstract int unprotectRtcp(byte[] p, int off, int len);

    /** @return the SRTCP index (31 bits) an SRTCP packet carries; the packet must be at least {@link #rtcpOverhead()} + 8 long */
    abstract int srtcpIndex(byte[] p, int off, int len);

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

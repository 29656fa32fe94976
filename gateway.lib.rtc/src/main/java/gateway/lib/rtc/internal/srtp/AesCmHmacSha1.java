package gateway.lib.rtc.internal.srtp;

/**
 * {@code AES_CM_128_HMAC_SHA1_80} (RFC 3711): AES-128 in counter mode, HMAC-SHA1 tags cut to 80 bits.
 * The tags come from {@link HmacSha1} (the JDK's SHA-1, on the processor's SHA instructions), the keystream from
 * {@link AesBlocks}; a packet costs no allocation.
 */
final class AesCmHmacSha1 extends SrtpCipher {
    static final int TAG = 10;
    private final AesBlocks rtpAes;
    private final AesBlocks rtcpAes;
    private final byte[] rtpSalt;
    private final byte[] rtcpSalt;
    private final HmacSha1 rtpMac;
    private final HmacSha1 rtcpMac;
    private final byte[] iv = new byte[16];
    private final byte[] mac = new byte[HmacSha1.LENGTH];
    private final byte[] word = new byte[4];

    AesCmHmacSha1(byte[] masterKey, byte[] masterSalt) {
        rtpAes = new AesBlocks(KeyDerivation.derive(masterKey, masterSalt, KeyDerivation.SRTP_ENCRYPTION, 16));
        rtpMac = new HmacSha1(KeyDerivation.derive(masterKey, masterSalt, KeyDerivation.SRTP_AUTHENTICATION, 20));
        rtpSalt = KeyDerivation.derive(masterKey, masterSalt, KeyDerivation.SRTP_SALT, 14);
        rtcpAes = new AesBlocks(KeyDerivation.derive(masterKey, masterSalt, KeyDerivation.SRTCP_ENCRYPTION, 16));
        rtcpMac = new HmacSha1(KeyDerivation.derive(masterKey, masterSalt, KeyDerivation.SRTCP_AUTHENTICATION, 20));
        rtcpSalt = KeyDerivation.derive(masterKey, masterSalt, KeyDerivation.SRTCP_SALT, 14);
    }

    @Override
    public int rtpOverhead() {
        return TAG;
    }

    @Override
    public int rtcpOverhead() {
        return SRTCP_INDEX_LENGTH + TAG;
    }

    /** IV = (salt || 0x0000) XOR (SSRC << 64) XOR (index << 16). */
    private void iv(byte[] salt, int ssrc, long index) {
        System.arraycopy(salt, 0, iv, 0, 14);
        iv[14] = 0;
        iv[15] = 0;
        iv[4] ^= (byte) (ssrc >>> 24);
        iv[5] ^= (byte) (ssrc >>> 16);
        iv[6] ^= (byte) (ssrc >>> 8);
        iv[7] ^= (byte) ssrc;
        for (int i = 0; i < 6; i++) iv[13 - i] ^= (byte) (index >>> (8 * i));
    }

    @Override
    int protectRtp(byte[] p, int off, int len, int header, long index) {
        iv(rtpSalt, readInt(p, off + 8), index);
        rtpAes.ctr(iv, 2, p, off + header, len - header);
        rtpTag(p, off, len, (int) (index >>> 16));
        System.arraycopy(mac, 0, p, off + len, TAG);
        return len + TAG;
    }

    @Override
    int unprotectRtp(byte[] p, int off, int len, int header, long index) {
        int body = len - TAG;
        if (body < header) return -1;
        rtpTag(p, off, body, (int) (index >>> 16));
        if (!equal(mac, p, off + body)) return -1;
        iv(rtpSalt, readInt(p, off + 8), index);
        rtpAes.ctr(iv, 2, p, off + header, body - header);
        return body;
    }

    private void rtpTag(byte[] p, int off, int len, int roc) {
        rtpMac.update(p, off, len);
        writeInt(word, 0, roc);
        rtpMac.update(word, 0, 4);
        rtpMac.finish(mac, 0);
    }

    @Override
    int protectRtcp(byte[] p, int off, int len, int index) {
        iv(rtcpSalt, readInt(p, off + 4), index & 0x7FFFFFFF);
        rtcpAes.ctr(iv, 2, p, off + 8, len - 8);
        writeInt(p, off + len, 0x80000000 | index);
        rtcpMac.update(p, off, len + 4);
        rtcpMac.finish(mac, 0);
        System.arraycopy(mac, 0, p, off + len + 4, TAG);
        return len + 4 + TAG;
    }

    @Override
    int unprotectRtcp(byte[] p, int off, int len) {
        int body = len - TAG - SRTCP_INDEX_LENGTH;
        if (body < 8) return -1;
        rtcpMac.update(p, off, len - TAG);
        rtcpMac.finish(mac, 0);
        if (!equal(mac, p, off + len - TAG)) return -1;
        int e = readInt(p, off + body);
        if (e < 0) { // E flag: encrypted
            iv(rtcpSalt, readInt(p, off + 4), e & 0x7FFFFFFF);
            rtcpAes.ctr(iv, 2, p, off + 8, body - 8);
        }
        return body;
    }

    @Override
    int srtcpIndex(byte[] p, int off, int len) {
        return readInt(p, off + len - TAG - SRTCP_INDEX_LENGTH) & 0x7FFFFFFF;
    }

    /** Constant-time comparison of the first {@link #TAG} bytes. */
    private static boolean equal(byte[] mac, byte[] p, int at) {
        int diff = 0;
        for (int i = 0; i < TAG; i++) diff |= mac[i] ^ p[at + i];
        return diff == 0;
    }

}

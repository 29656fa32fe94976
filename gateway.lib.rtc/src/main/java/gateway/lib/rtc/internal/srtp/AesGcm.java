package gateway.lib.rtc.internal.srtp;

import org.bouncycastle.crypto.modes.gcm.GCMMultiplier;
import org.bouncycastle.crypto.modes.gcm.Tables4kGCMMultiplier;

/**
 * {@code AEAD_AES_128_GCM} (RFC 7714): AES-128 in Galois/counter mode with a 16-byte tag; the RTP header (and for
 * RTCP the first 8 bytes and the E/index word) is authenticated, not encrypted. Counter mode comes from the JDK's
 * AES, GHASH from BouncyCastle's table multiplier: neither allocates per packet (the JDK's own GCM cipher needs a
 * new parameter object and a re-initialisation for every nonce).
 */
final class AesGcm extends SrtpCipher {
    static final int TAG = 16;
    private final byte[] masterKey;
    private final byte[] masterSalt;
    /** Made on first use: a cipher usually serves only RTP or only RTCP, and each GHASH table takes 4 KB. */
    private Direction rtp;
    private Direction rtcp;
    private final byte[] nonce = new byte[12];
    private final byte[] aad = new byte[16];

    AesGcm(byte[] masterKey, byte[] masterSalt) {
        this.masterKey = masterKey.clone();
        this.masterSalt = masterSalt.clone();
    }

    private Direction rtp() {
        if (rtp == null) {
            rtp = new Direction(KeyDerivation.derive(masterKey, masterSalt, KeyDerivation.SRTP_ENCRYPTION, 16),
                    KeyDerivation.derive(masterKey, masterSalt, KeyDerivation.SRTP_SALT, 12));
        }
        return rtp;
    }

    private Direction rtcp() {
        if (rtcp == null) {
            rtcp = new Direction(KeyDerivation.derive(masterKey, masterSalt, KeyDerivation.SRTCP_ENCRYPTION, 16),
                    KeyDerivation.derive(masterKey, masterSalt, KeyDerivation.SRTCP_SALT, 12));
        }
        return rtcp;
    }

    @Override
    public int rtpOverhead() {
        return TAG;
    }

    @Override
    public int rtcpOverhead() {
        return TAG + SRTCP_INDEX_LENGTH;
    }

    /** RTP nonce (RFC 7714 §8.1): 00 00 || SSRC || ROC || SEQ, XOR the session salt. */
    private void rtpNonce(int ssrc, long index) {
        nonce[0] = 0;
        nonce[1] = 0;
        writeInt(nonce, 2, ssrc);
        writeInt(nonce, 6, (int) (index >>> 16));
        nonce[10] = (byte) (index >>> 8);
        nonce[11] = (byte) index;
        byte[] salt = rtp().salt;
        for (int i = 0; i < 12; i++) nonce[i] ^= salt[i];
    }

    /** RTCP nonce (RFC 7714 §9.1): 00 00 || SSRC || 00 00 || 0 || SRTCP index, XOR the session salt. */
    private void rtcpNonce(int ssrc, int index) {
        nonce[0] = 0;
        nonce[1] = 0;
        writeInt(nonce, 2, ssrc);
        nonce[6] = 0;
        nonce[7] = 0;
        writeInt(nonce, 8, index & 0x7FFFFFFF);
        byte[] salt = rtcp().salt;
        for (int i = 0; i < 12; i++) nonce[i] ^= salt[i];
    }

    @Override
    int protectRtp(byte[] p, int off, int len, int header, long index) {
        rtpNonce(readInt(p, off + 8), index);
        rtp.seal(nonce, p, off, header, p, off + header, len - header, p, off + len);
        return len + TAG;
    }

    @Override
    int unprotectRtp(byte[] p, int off, int len, int header, long index) {
        int body = len - TAG;
        if (body < header) return -1;
        rtpNonce(readInt(p, off + 8), index);
        return rtp.open(nonce, p, off, header, p, off + header, body - header, p, off + body) ? body : -1;
    }

    @Override
    int protectRtcp(byte[] p, int off, int len, int index) {
        rtcpNonce(readInt(p, off + 4), index);
        int e = 0x80000000 | index;
        System.arraycopy(p, off, aad, 0, 8);
        writeInt(aad, 8, e);
        rtcp.seal(nonce, aad, 0, 12, p, off + 8, len - 8, p, off + len);
        writeInt(p, off + len + TAG, e);
        return len + TAG + SRTCP_INDEX_LENGTH;
    }

    @Override
    int unprotectRtcp(byte[] p, int off, int len) {
        int body = len - TAG - SRTCP_INDEX_LENGTH;
        if (body < 8) return -1;
        int e = readInt(p, off + len - SRTCP_INDEX_LENGTH);
        rtcpNonce(readInt(p, off + 4), e & 0x7FFFFFFF);
        System.arraycopy(p, off, aad, 0, 8);
        writeInt(aad, 8, e);
        // Unencrypted SRTCP (E = 0) is not accepted: no WebRTC stack sends it, and it would authenticate a
        // non-contiguous AAD (the whole packet and the trailer after the tag).
        if (e >= 0) return -1;
        return rtcp.open(nonce, aad, 0, 12, p, off + 8, body - 8, p, off + body) ? body : -1;
    }

    @Override
    int srtcpIndex(byte[] p, int off, int len) {
        return readInt(p, off + len - SRTCP_INDEX_LENGTH) & 0x7FFFFFFF;
    }

    /** The keys and buffers of one packet kind (RTP or RTCP). */
    private static final class Direction {
        final AesBlocks aes;
        final byte[] salt;
        final GCMMultiplier ghash = new Tables4kGCMMultiplier();
        final byte[] block = new byte[16];
        final byte[] x = new byte[16];

        Direction(byte[] key, byte[] salt) {
            this.aes = new AesBlocks(key);
            this.salt = salt;
            byte[] h = new byte[16];
            aes.encryptBlock(h, 0, h, 0);
            ghash.init(h);
        }

        /** Sets {@link #block} to nonce || counter (32 bits, big-endian). */
        void counter(byte[] nonce, int counter) {
            System.arraycopy(nonce, 0, block, 0, 12);
            writeInt(block, 12, counter);
        }

        /**
         * Encrypts the plaintext {@code c} in place and writes the tag for (aad, ciphertext) at {@code out[outOff]}.
         * E(K, nonce || 1), which masks the tag, and the keystream from nonce || 2 on come from one cipher call.
         */
        void seal(byte[] nonce, byte[] a, int aOff, int aLen, byte[] c, int cOff, int cLen, byte[] out, int outOff) {
            counter(nonce, 1);
            byte[] k = aes.keystream(block, 4, 16 + cLen);
            for (int i = 0; i < cLen; i++) c[cOff + i] ^= k[16 + i];
            ghash(a, aOff, aLen, c, cOff, cLen);
            for (int i = 0; i < TAG; i++) out[outOff + i] = (byte) (x[i] ^ k[i]);
        }

        /**
         * Checks the tag at {@code t[tOff]} (in constant time) and, when it is right, decrypts the ciphertext
         * {@code c} in place; with one cipher call for the tag's mask and the keystream, as {@link #seal}.
         *
         * @return whether the tag is right (the ciphertext is left as it was when not)
         */
        boolean open(byte[] nonce, byte[] a, int aOff, int aLen, byte[] c, int cOff, int cLen, byte[] t, int tOff) {
            counter(nonce, 1);
            byte[] k = aes.keystream(block, 4, 16 + cLen);
            ghash(a, aOff, aLen, c, cOff, cLen);
            int diff = 0;
            for (int i = 0; i < TAG; i++) diff |= x[i] ^ k[i] ^ t[tOff + i];
            if (diff != 0) return false;
            for (int i = 0; i < cLen; i++) c[cOff + i] ^= k[16 + i];
            return true;
        }

        /** x = GHASH(a, c). */
        private void ghash(byte[] a, int aOff, int aLen, byte[] c, int cOff, int cLen) {
            java.util.Arrays.fill(x, (byte) 0);
            absorb(a, aOff, aLen);
            absorb(c, cOff, cLen);
            long aBits = (long) aLen * 8;
            long cBits = (long) cLen * 8;
            for (int i = 0; i < 8; i++) {
                x[7 - i] ^= (byte) (aBits >>> (8 * i));
                x[15 - i] ^= (byte) (cBits >>> (8 * i));
            }
            ghash.multiplyH(x);
        }

        private void absorb(byte[] d, int off, int len) {
            for (int i = 0; i < len; i += 16) {
                int n = Math.min(16, len - i);
                for (int j = 0; j < n; j++) x[j] ^= d[off + i + j];
                ghash.multiplyH(x);
            }
        }
    }
}

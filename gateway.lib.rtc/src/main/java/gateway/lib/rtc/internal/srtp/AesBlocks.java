package gateway.lib.rtc.internal.srtp;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-128 applied to whole blocks with one key (the JDK's AES, which uses the processor's AES instructions), and
 * counter-mode keystream built from it. Reuses its buffers: no allocation per packet once the largest packet has
 * been seen. One per key and thread; not thread-safe.
 */
final class AesBlocks {
    private final Cipher ecb;
    private byte[] counters = new byte[16 * 8];
    private byte[] keystream = new byte[16 * 8];

    AesBlocks(byte[] key) {
        try {
            ecb = Cipher.getInstance("AES/ECB/NoPadding");
            ecb.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES is not available", e);
        }
    }

    /** Encrypts one 16-byte block from {@code in} into {@code out} (which may be the same array). */
    void encryptBlock(byte[] in, int inOff, byte[] out, int outOff) {
        try {
            ecb.update(in, inOff, 16, out, outOff);
        } catch (ShortBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * XORs {@code length} bytes at {@code data[offset]} with the counter-mode keystream that starts at the counter
     * block {@code iv} (16 bytes), incrementing the block's last {@code counterBytes} bytes (2 for SRTP's AES-CM,
     * 4 for GCM) big-endian, wrapping within them.
     */
    void ctr(byte[] iv, int counterBytes, byte[] data, int offset, int length) {
        if (length <= 0) return;
        byte[] k = keystream(iv, counterBytes, length);
        for (int i = 0; i < length; i++) data[offset + i] ^= k[i];
    }

    /**
     * Counter-mode keystream from the counter block {@code iv} (counting as {@link #ctr} does), computed in one call
     * of the cipher.
     *
     * @param bytes how many bytes are needed (rounded up to whole blocks)
     * @return this object's keystream buffer, valid until the next call
     */
    byte[] keystream(byte[] iv, int counterBytes, int bytes) {
        int blocks = (bytes + 15) >>> 4;
        if (counters.length < blocks * 16) {
            counters = new byte[blocks * 16];
            keystream = new byte[blocks * 16];
        }
        long start = 0;
        for (int i = 16 - counterBytes; i < 16; i++) start = start << 8 | (iv[i] & 0xFF);
        long mask = counterBytes == 8 ? -1L : (1L << (8 * counterBytes)) - 1;
        for (int b = 0; b < blocks; b++) {
            int at = b * 16;
            System.arraycopy(iv, 0, counters, at, 16 - counterBytes);
            long c = (start + b) & mask;
            for (int i = 15; i >= 16 - counterBytes; i--) {
                counters[at + i] = (byte) c;
                c >>>= 8;
            }
        }
        try {
            ecb.update(counters, 0, blocks * 16, keystream, 0);
        } catch (ShortBufferException e) {
            throw new IllegalStateException(e);
        }
        return keystream;
    }
}

package gateway.lib.srt.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * SRT's cryptography: the key-encrypting key from the passphrase (PBKDF2-HMAC-SHA1, 2048 rounds, the
 * last 8 bytes of the KM salt), AES key wrap (RFC 3394) of the stream encrypting keys, and AES-CTR
 * payload encryption with the IV built from the salt and the packet sequence number.
 */
public final class SrtCrypto {
    static final int PBKDF2_ITERATIONS = 2048;
    private static final byte[] DEFAULT_IV = {(byte) 0xA6, (byte) 0xA6, (byte) 0xA6, (byte) 0xA6, (byte) 0xA6, (byte) 0xA6, (byte) 0xA6, (byte) 0xA6};

    private SrtCrypto() {
    }

    /** Derives the key-encrypting key. */
    public static byte[] kek(String passphrase, byte[] salt, int keyLength) {
        try {
            byte[] pbkdfSalt = Arrays.copyOfRange(salt, salt.length - 8, salt.length);
            PBEKeySpec spec = new PBEKeySpec(passphrase.toCharArray(), pbkdfSalt, PBKDF2_ITERATIONS, keyLength * 8);
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA1").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA1 unavailable", e);
        }
    }

    /** RFC 3394 unwrap; returns null when the integrity check fails (wrong passphrase). */
    public static byte[] unwrap(byte[] kek, byte[] wrapped) {
        if (wrapped.length < 24 || wrapped.length % 8 != 0) return null;
        int n = wrapped.length / 8 - 1;
        byte[] a = Arrays.copyOfRange(wrapped, 0, 8);
        byte[][] r = new byte[n][];
        for (int i = 0; i < n; i++) r[i] = Arrays.copyOfRange(wrapped, 8 * (i + 1), 8 * (i + 2));
        try {
            Cipher aes = Cipher.getInstance("AES/ECB/NoPadding");
            aes.init(Cipher.DECRYPT_MODE, new SecretKeySpec(kek, "AES"));
            byte[] block = new byte[16];
            for (int j = 5; j >= 0; j--) {
                for (int i = n; i >= 1; i--) {
                    long t = (long) n * j + i;
                    System.arraycopy(a, 0, block, 0, 8);
                    for (int k = 0; k < 8; k++) block[7 - k] ^= (byte) (t >>> (8 * k));
                    System.arraycopy(r[i - 1], 0, block, 8, 8);
                    byte[] b = aes.doFinal(block);
                    a = Arrays.copyOfRange(b, 0, 8);
                    r[i - 1] = Arrays.copyOfRange(b, 8, 16);
                }
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES unavailable", e);
        }
        if (!java.security.MessageDigest.isEqual(a, DEFAULT_IV)) return null;
        byte[] out = new byte[8 * n];
        for (int i = 0; i < n; i++) System.arraycopy(r[i], 0, out, 8 * i, 8);
        return out;
    }

    /** RFC 3394 wrap. */
    public static byte[] wrap(byte[] kek, byte[] plain) {
        int n = plain.length / 8;
        byte[] a = DEFAULT_IV.clone();
        byte[][] r = new byte[n][];
        for (int i = 0; i < n; i++) r[i] = Arrays.copyOfRange(plain, 8 * i, 8 * (i + 1));
        try {
            Cipher aes = Cipher.getInstance("AES/ECB/NoPadding");
            aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(kek, "AES"));
            byte[] block = new byte[16];
            for (int j = 0; j <= 5; j++) {
                for (int i = 1; i <= n; i++) {
                    System.arraycopy(a, 0, block, 0, 8);
                    System.arraycopy(r[i - 1], 0, block, 8, 8);
                    byte[] b = aes.doFinal(block);
                    long t = (long) n * j + i;
                    a = Arrays.copyOfRange(b, 0, 8);
                    for (int k = 0; k < 8; k++) a[7 - k] ^= (byte) (t >>> (8 * k));
                    r[i - 1] = Arrays.copyOfRange(b, 8, 16);
                }
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES unavailable", e);
        }
        byte[] out = new byte[8 * (n + 1)];
        System.arraycopy(a, 0, out, 0, 8);
        for (int i = 0; i < n; i++) System.arraycopy(r[i], 0, out, 8 * (i + 1), 8);
        return out;
    }

    /**
     * A reusable AES-CTR transform for one stream encrypting key (encryption = decryption). The counter blocks of a
     * packet are encrypted in one call of an AES cipher initialised once, and the keystream is XORed into the data:
     * no allocation per packet (a cipher in CTR mode must be initialised per packet, with a new IV, and then copies
     * data it transforms in place). Not thread-safe: one thread at a time (a connection's lock).
     */
    public static final class Ctr {
        private final byte[] salt;
        private final Cipher aes;
        /** The packet's counter blocks, then their keystream; grown to the largest packet seen. */
        private byte[] counters = new byte[1504];
        private byte[] keystream = new byte[1504];

        public Ctr(byte[] sek, byte[] salt) {
            this.salt = salt.clone();
            try {
                this.aes = Cipher.getInstance("AES/ECB/NoPadding");
                aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(sek, "AES"));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES unavailable", e);
            }
        }

        /** Transforms {@code data[offset, offset+length)} in place for the packet with this sequence number. */
        public void apply(int seq, byte[] data, int offset, int length) {
            if (length <= 0) return;
            int blocks = (length + 15) / 16;
            int bytes = blocks * 16;
            if (counters.length < bytes) {
                counters = new byte[bytes];
                keystream = new byte[bytes];
            }
            // IV: the salt's first 14 bytes with the sequence number XORed into bytes 10..13, and a block counter
            // from 0, incremented as one 128-bit big-endian number (as a cipher in CTR mode does)
            byte[] c = counters;
            System.arraycopy(salt, 0, c, 0, 14);
            c[10] ^= (byte) (seq >>> 24);
            c[11] ^= (byte) (seq >>> 16);
            c[12] ^= (byte) (seq >>> 8);
            c[13] ^= (byte) seq;
            c[14] = 0;
            c[15] = 0;
            for (int b = 16; b < bytes; b += 16) {
                System.arraycopy(c, b - 16, c, b, 16);
                for (int i = b + 15; i >= b && ++c[i] == 0; i--) { } // carry
            }
            try {
                aes.update(c, 0, bytes, keystream, 0);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES failed", e);
            }
            for (int i = 0; i < length; i++) data[offset + i] ^= keystream[i];
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}

package gateway.lib.srt.internal;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The key material message (KMREQ/KMRSP, draft-sharabayko-srt section 3.2.2): salt and the wrapped
 * stream encrypting key(s).
 *
 * @param keys  1 even, 2 odd, 3 both (even first in the wrap)
 * @param salt  16-byte salt
 * @param keyLength 16, 24 or 32
 * @param wrapped the RFC 3394 wrap of the key(s)
 */
public record KeyMaterial(int keys, byte[] salt, int keyLength, byte[] wrapped) {
    static final int SIGN = 0x2029;

    /** Parses a KM message; null when malformed. */
    public static KeyMaterial parse(byte[] m) {
        if (m.length < 16) return null;
        ByteBuffer b = ByteBuffer.wrap(m);
        int vpt = b.get(0) & 0xff;
        if ((vpt >> 4) != 1 || (vpt & 0xF) != 2) return null;
        if ((b.getShort(1) & 0xFFFF) != SIGN) return null;
        int keys = b.get(3) & 0x3;
        if (keys == 0) return null;
        int cipher = b.get(8) & 0xff;
        if (cipher != 2) return null; // AES-CTR only
        int slen = (b.get(14) & 0xff) * 4;
        int klen = (b.get(15) & 0xff) * 4;
        if (klen != 16 && klen != 24 && klen != 32) return null;
        int nkeys = keys == 3 ? 2 : 1;
        int wrapLen = 8 + klen * nkeys;
        if (slen != 16 || m.length < 16 + slen + wrapLen) return null;
        return new KeyMaterial(keys, Arrays.copyOfRange(m, 16, 16 + slen), klen,
                Arrays.copyOfRange(m, 16 + slen, 16 + slen + wrapLen));
    }

    /** The encryption field value of a handshake for this key length (2, 3, 4). */
    public int encryptionField() {
        return keyLength / 8;
    }

    /**
     * Unwraps the keys with a passphrase.
     *
     * @return [even, odd] (either may be null), or null if the passphrase is wrong
     */
    public byte[][] unwrap(String passphrase) {
        byte[] kek = SrtCrypto.kek(passphrase, salt, keyLength);
        byte[] plain = SrtCrypto.unwrap(kek, wrapped);
        if (plain == null) return null;
        byte[][] out = new byte[2][];
        if (keys == 3) {
            out[0] = Arrays.copyOfRange(plain, 0, keyLength);
            out[1] = Arrays.copyOfRange(plain, keyLength, 2 * keyLength);
        } else {
            out[keys - 1] = plain;
        }
        return out;
    }

    /** Serialises a KM message. */
    public byte[] toBytes() {
        ByteBuffer b = ByteBuffer.allocate(16 + salt.length + wrapped.length);
        b.put((byte) 0x12).putShort((short) SIGN).put((byte) keys);
        b.putInt(0);
        b.put((byte) 2).put((byte) 0).put((byte) 2).put((byte) 0);
        b.putShort((short) 0).put((byte) (salt.length / 4)).put((byte) (keyLength / 4));
        b.put(salt).put(wrapped);
        return b.array();
    }
}

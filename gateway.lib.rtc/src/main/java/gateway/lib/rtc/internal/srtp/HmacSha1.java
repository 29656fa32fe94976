package gateway.lib.rtc.internal.srtp;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * HMAC-SHA1 (RFC 2104) over the JDK's SHA-1, which the JVM compiles to the processor's SHA instructions where it
 * has them (about four times faster per SRTP packet than a SHA-1 written in Java). Unlike the JDK's {@code Mac}, it
 * allocates nothing per tag: the pads are kept and the digests write into buffers of their own. One per key and
 * thread; not thread-safe.
 */
final class HmacSha1 {
    static final int LENGTH = 20;
    private static final int BLOCK = 64;
    private final MessageDigest inner = sha1();
    private final MessageDigest outer = sha1();
    private final byte[] innerPad = new byte[BLOCK];
    private final byte[] outerPad = new byte[BLOCK];
    private final byte[] innerHash = new byte[LENGTH];

    /** @param key the authentication key (SRTP's is 20 bytes; a key longer than a block is hashed first) */
    HmacSha1(byte[] key) {
        byte[] k = key.length > BLOCK ? sha1().digest(key) : key;
        for (int i = 0; i < BLOCK; i++) {
            byte b = i < k.length ? k[i] : 0;
            innerPad[i] = (byte) (b ^ 0x36);
            outerPad[i] = (byte) (b ^ 0x5C);
        }
        inner.update(innerPad);
    }

    /** Adds bytes to the message being authenticated. */
    void update(byte[] b, int off, int len) {
        inner.update(b, off, len);
    }

    /** Writes the tag of everything added since the last tag into {@code out[at..at+20)} and starts the next message. */
    void finish(byte[] out, int at) {
        try {
            inner.digest(innerHash, 0, LENGTH);
            inner.update(innerPad);
            outer.update(outerPad);
            outer.update(innerHash, 0, LENGTH);
            outer.digest(out, at, LENGTH);
        } catch (DigestException e) {
            throw new IllegalStateException(e); // the buffers are large enough
        }
    }

    private static MessageDigest sha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is not available", e);
        }
    }
}

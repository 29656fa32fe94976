package gateway.lib.rtc.internal.stun;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA1 with one ICE password as the key, for MESSAGE-INTEGRITY (RFC 8489 §14.5, short-term credentials:
 * the key is the password itself). One per password and thread; not thread-safe.
 */
public final class StunIntegrity {
    private final Mac mac;
    private final byte[] header = new byte[4];

    /** @param password the ICE password whose messages are signed or checked */
    public StunIntegrity(String password) {
        try {
            mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(password.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA1 is not available", e);
        }
    }

    /**
     * @param data          the message's bytes
     * @param offset        where the message starts
     * @param before        how many bytes of the message precede MESSAGE-INTEGRITY
     * @param lengthField   the value the header's length field must have for the computation
     * @return the 20-byte HMAC
     */
    byte[] compute(byte[] data, int offset, int before, int lengthField) {
        mac.reset();
        header[0] = data[offset];
        header[1] = data[offset + 1];
        header[2] = (byte) (lengthField >>> 8);
        header[3] = (byte) lengthField;
        mac.update(header, 0, 4);
        mac.update(data, offset + 4, before - 4);
        return mac.doFinal();
    }
}

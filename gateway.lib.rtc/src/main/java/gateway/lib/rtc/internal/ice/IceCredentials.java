package gateway.lib.rtc.internal.ice;

import java.security.SecureRandom;

/** Random ICE username fragments and passwords (RFC 8839 §5.4: ice-chars; 8 and 24 characters here). */
public final class IceCredentials {
    private static final char[] ICE_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private IceCredentials() {
    }

    /** @return a username fragment: 8 ice-chars (48 bits of randomness; it only has to be unique on this transport) */
    public static String ufrag() {
        return random(8);
    }

    /** @return a password: 24 ice-chars (144 bits) */
    public static String pwd() {
        return random(24);
    }

    private static String random(int n) {
        char[] c = new char[n];
        for (int i = 0; i < n; i++) c[i] = ICE_CHARS[RANDOM.nextInt(ICE_CHARS.length)];
        return new String(c);
    }
}

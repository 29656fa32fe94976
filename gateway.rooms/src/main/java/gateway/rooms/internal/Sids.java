package gateway.rooms.internal;

import java.security.SecureRandom;

/** LiveKit-style ids: a type prefix ({@code RM_}, {@code PA_}, {@code TR_}) and 12 random letters and digits. */
final class Sids {
    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Sids() {
    }

    static String room() {
        return next("RM_");
    }

    static String participant() {
        return next("PA_");
    }

    static String track() {
        return next("TR_");
    }

    static String next(String prefix) {
        StringBuilder s = new StringBuilder(prefix.length() + 12).append(prefix);
        for (int i = 0; i < 12; i++) s.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        return s.toString();
    }
}

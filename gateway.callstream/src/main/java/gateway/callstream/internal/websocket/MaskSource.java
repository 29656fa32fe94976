package gateway.callstream.internal.websocket;

import java.security.SecureRandom;

/**
 * The masking keys of one connection's frames (RFC 6455, section 5.3): drawn from a strong source of entropy, as
 * the RFC asks, but a thousand at a time, so that a frame costs an array read rather than a call into the
 * random generator. Used by the connection's writer thread only.
 */
final class MaskSource {
    private static final int KEYS = 1024;
    private static final SecureRandom RANDOM = new SecureRandom();
    private final int[] keys = new int[KEYS];
    private int next = KEYS;

    int next() {
        if (next == KEYS) {
            byte[] b = new byte[KEYS * 4];
            RANDOM.nextBytes(b);
            for (int i = 0; i < KEYS; i++) keys[i] = (b[4 * i] & 0xff) << 24 | (b[4 * i + 1] & 0xff) << 16 | (b[4 * i + 2] & 0xff) << 8 | (b[4 * i + 3] & 0xff);
            next = 0;
        }
        return keys[next++];
    }
}

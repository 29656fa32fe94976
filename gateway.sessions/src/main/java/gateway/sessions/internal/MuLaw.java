package gateway.sessions.internal;

/**
 * G.711 mu-law, the call-fork protocol's other encoding ({@code audio/x-mulaw}, 8 kHz): 8-bit codes to and from
 * 16-bit linear PCM, little-endian.
 */
final class MuLaw {
    private static final int BIAS = 0x84;
    private static final int CLIP = 32635;

    private MuLaw() {
    }

    /** @return the linear sample of a code */
    static short decode(byte code) {
        int u = ~code & 0xff;
        int magnitude = ((((u & 0x0f) << 3) + BIAS) << ((u >> 4) & 7)) - BIAS;
        return (short) ((u & 0x80) != 0 ? -magnitude : magnitude);
    }

    /** @return the code of a linear sample */
    static byte encode(short sample) {
        int s = sample;
        int sign = s < 0 ? 0x80 : 0;
        if (s < 0) s = -s;
        if (s > CLIP) s = CLIP;
        s += BIAS;
        int exponent = 7;
        for (int mask = 0x4000; (s & mask) == 0 && exponent > 0; mask >>= 1) exponent--;
        int mantissa = (s >> (exponent + 3)) & 0x0f;
        return (byte) ~(sign | (exponent << 4) | mantissa);
    }

    /** @return 16-bit little-endian PCM of mu-law codes */
    static byte[] toLinear(byte[] codes) {
        byte[] pcm = new byte[codes.length * 2];
        for (int i = 0; i < codes.length; i++) {
            short s = decode(codes[i]);
            pcm[2 * i] = (byte) s;
            pcm[2 * i + 1] = (byte) (s >> 8);
        }
        return pcm;
    }

    /** @return mu-law codes of 16-bit little-endian PCM */
    static byte[] fromLinear(byte[] pcm) {
        byte[] codes = new byte[pcm.length / 2];
        for (int i = 0; i < codes.length; i++) codes[i] = encode((short) ((pcm[2 * i] & 0xff) | (pcm[2 * i + 1] << 8)));
        return codes;
    }
}

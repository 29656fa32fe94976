package gateway.callstream.internal;

/**
 * G.711 μ-law (ITU-T G.711, the North American and Japanese telephone companding): 14-bit linear samples
 * (here taken from 16-bit PCM) to 8-bit codes and back, through tables built once from the standard's
 * segment rule (bias 33 in 14-bit units, eight segments, codes inverted on the wire).
 */
final class G711 {
    private static final int BIAS = 0x84; // 33 << 2: the standard's bias, in 16-bit units
    private static final int CLIP = 32_635; // the largest magnitude that stays in the top segment after biasing
    private static final byte[] ENCODE = new byte[65_536];
    private static final short[] DECODE = new short[256];

    static {
        for (int i = 0; i < 65_536; i++) ENCODE[i] = encodeSlow((short) i);
        for (int c = 0; c < 256; c++) DECODE[c] = decodeSlow((byte) c);
    }

    private G711() {
    }

    /** @return the μ-law code of a 16-bit linear sample */
    static byte encode(short sample) {
        return ENCODE[sample & 0xffff];
    }

    /** @return the 16-bit linear value of a μ-law code */
    static short decode(byte code) {
        return DECODE[code & 0xff];
    }

    /** Encodes {@code count} samples from {@code pcm[offset]} into {@code out[outOffset]}. */
    static void encode(short[] pcm, int offset, int count, byte[] out, int outOffset) {
        for (int i = 0; i < count; i++) out[outOffset + i] = ENCODE[pcm[offset + i] & 0xffff];
    }

    static byte encodeSlow(short pcm) {
        int sample = pcm;
        int sign = (sample >> 8) & 0x80;
        if (sign != 0) sample = -sample;
        if (sample > CLIP) sample = CLIP;
        sample += BIAS;
        int exponent = 7;
        for (int mask = 0x4000; (sample & mask) == 0 && exponent > 0; mask >>= 1) exponent--;
        int mantissa = (sample >> (exponent + 3)) & 0x0f;
        return (byte) ~(sign | (exponent << 4) | mantissa);
    }

    static short decodeSlow(byte code) {
        int u = ~code & 0xff;
        int sign = u & 0x80;
        int exponent = (u >> 4) & 0x07;
        int mantissa = u & 0x0f;
        int magnitude = (((mantissa << 3) + BIAS) << exponent) - BIAS;
        return (short) (sign != 0 ? -magnitude : magnitude);
    }
}

package gateway.callstream.internal;

/**
 * G.711 μ-law (ITU-T G.711, the North American and Japanese telephone companding). Decoding follows the
 * standard's segment rule (eight segments of sixteen steps, bias 33 in 14-bit units, codes inverted on the
 * wire). Encoding is the standard's quantiser as a table: a 14-bit sample (a 16-bit one shifted right by two)
 * gets the code of the nearest reconstruction level, the decision values lying halfway between levels.
 */
final class G711 {
    private static final int BIAS = 0x84; // 33 << 2: the standard's bias, in 16-bit units
    /** Code of each 16-bit sample. */
    private static final byte[] ENCODE = new byte[65_536];
    private static final short[] DECODE = new short[256];

    static {
        for (int c = 0; c < 256; c++) DECODE[c] = decodeSlow((byte) c);
        // the 128 magnitudes of the positive codes (0xFF is +0, 0x80 the largest), ascending
        int[] level = new int[128];
        for (int i = 0; i < 128; i++) level[i] = DECODE[i ^ 0xFF];
        // 14-bit magnitude → step index: the next step begins at the decision value halfway to its level
        int[] step = new int[8_193];
        for (int m = 0, i = 0; m <= 8_192; m++) {
            while (i < 127 && m >= (level[i] + level[i + 1] + 4) >> 3) i++;
            step[m] = i;
        }
        for (int x = -32_768; x < 32_768; x++) {
            int v = x >> 2; // 14 bits, two's complement
            ENCODE[x & 0xffff] = (byte) (v >= 0 ? step[v] ^ 0xFF : step[Math.min(-v, 8_191)] ^ 0x7F);
        }
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

    static short decodeSlow(byte code) {
        int u = ~code & 0xff;
        int sign = u & 0x80;
        int exponent = (u >> 4) & 0x07;
        int mantissa = u & 0x0f;
        int magnitude = (((mantissa << 3) + BIAS) << exponent) - BIAS;
        return (short) (sign != 0 ? -magnitude : magnitude);
    }
}

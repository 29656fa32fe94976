package gateway.lib.ogg;

/** Facts about Opus packets read from their TOC byte (RFC 6716 section 3.1). */
public final class OpusPackets {
    /** Opus timestamps count samples at 48 kHz. */
    public static final int RATE = 48_000;

    /** Samples per frame by configuration (RFC 6716 table 2): SILK, CELT, and hybrid's two sizes. */
    private static final int[] SILK_SAMPLES = {480, 960, 1920, 2880};
    private static final int[] CELT_SAMPLES = {120, 240, 480, 960};

    private OpusPackets() {
    }

    /**
     * @param packet an Opus packet
     * @return its duration in 48 kHz samples, or 0 if the packet is empty or malformed
     */
    public static int samples(byte[] packet) {
        if (packet.length == 0) return 0;
        int toc = packet[0] & 0xff;
        int config = toc >> 3;
        int frameSamples;
        if (config < 12) frameSamples = SILK_SAMPLES[config & 3];
        else if (config < 16) frameSamples = (config & 1) == 0 ? 480 : 960;
        else frameSamples = CELT_SAMPLES[config & 3];
        int frames = switch (toc & 3) {
            case 0 -> 1;
            case 1, 2 -> 2;
            default -> packet.length < 2 ? 0 : packet[1] & 0x3f;
        };
        int total = frames * frameSamples;
        return total > 5760 ? 0 : total; // more than 120 ms is invalid
    }

    /**
     * @param samples a count of 48 kHz samples
     * @return the same duration in microseconds
     */
    public static long micros(long samples) {
        return samples * 1_000_000L / RATE;
    }
}

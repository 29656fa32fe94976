package gateway.lib.opus;

/**
 * How {@link OpusPcmEncoder} encodes.
 *
 * @param bitrate     target bitrate in bit/s (6 000 – 510 000)
 * @param complexity  0 (fastest) to 10 (best quality)
 * @param vbr         variable bitrate (better quality at the same average rate)
 * @param dtx         discontinuous transmission (skip packets in silence); off for relaying, where every
 *                    20 ms must produce a packet
 * @param frameMillis packet duration: 10, 20, 40 or 60 ms
 */
public record OpusEncoderSettings(int bitrate, int complexity, boolean vbr, boolean dtx, int frameMillis) {

    /**
     * Validates the settings.
     *
     * @throws IllegalArgumentException if a value is out of range
     */
    public OpusEncoderSettings {
        if (bitrate < 6_000 || bitrate > 510_000) throw new IllegalArgumentException("bitrate must be 6000–510000 bit/s, got " + bitrate);
        if (complexity < 0 || complexity > 10) throw new IllegalArgumentException("complexity must be 0–10, got " + complexity);
        if (frameMillis != 10 && frameMillis != 20 && frameMillis != 40 && frameMillis != 60) {
            throw new IllegalArgumentException("frameMillis must be 10, 20, 40 or 60, got " + frameMillis);
        }
    }

    /**
     * Settings meant to be transparent for speech and music after a previous lossy stage (e.g. audio
     * decoded from WebRTC): 128 kb/s for stereo, 96 kb/s for mono, VBR, complexity 10, no DTX, 20 ms packets.
     *
     * @param channels 1 or 2
     * @return the settings
     */
    public static OpusEncoderSettings transparent(int channels) {
        return new OpusEncoderSettings(channels >= 2 ? 128_000 : 96_000, 10, true, false, 20);
    }

    /**
     * @param bps the bitrate
     * @return a copy with that bitrate
     */
    public OpusEncoderSettings withBitrate(int bps) {
        return new OpusEncoderSettings(bps, complexity, vbr, dtx, frameMillis);
    }
}

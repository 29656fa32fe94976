package gateway.lib.opus;

import io.github.jaredmdobson.concentus.OpusDecoder;
import io.github.jaredmdobson.concentus.OpusException;

/**
 * Decodes Opus packets into 16-bit PCM at 48 kHz, the rate of the Opus timeline. A decoder made for one
 * channel decodes a stereo stream as its mono downmix (the Opus decoder does this itself, at a lower cost
 * than decoding both channels).
 *
 * <p>Decoding is stateful: feed the packets of one stream in order. A lost packet is concealed with
 * {@link #conceal(int)} so the next one decodes without a click.
 *
 * <p>Not thread-safe: one thread at a time. Pure Java (Concentus): nothing to release.
 */
public final class OpusPcmDecoder {
    /** Samples per channel at 48 kHz in the longest Opus packet (120 ms). */
    public static final int MAX_FRAME_SAMPLES = 5_760;
    /** The decoder's output rate in Hz. */
    public static final int SAMPLE_RATE = 48_000;

    private final OpusDecoder decoder;
    private final int channels;
    private final short[] pcm;

    /**
     * @param channels output channels: 1 (a stereo stream is downmixed) or 2 (a mono stream is duplicated)
     * @throws IllegalArgumentException for another channel count
     */
    public OpusPcmDecoder(int channels) {
        if (channels != 1 && channels != 2) throw new IllegalArgumentException("Opus decodes to 1 or 2 channels, not " + channels);
        try {
            this.decoder = new OpusDecoder(SAMPLE_RATE, channels);
        } catch (OpusException e) {
            throw new IllegalArgumentException("cannot create an Opus decoder: " + e.getMessage(), e);
        }
        this.channels = channels;
        this.pcm = new short[MAX_FRAME_SAMPLES * channels];
    }

    /**
     * Decodes one packet into {@link #pcm()}.
     *
     * @param packet the bytes
     * @param offset the packet's first byte
     * @param length the packet's length, at least 1
     * @return samples per channel decoded (up to {@link #MAX_FRAME_SAMPLES}); interleaved in {@link #pcm()}
     * @throws OpusDecodingException if the packet is not valid Opus
     */
    public int decode(byte[] packet, int offset, int length) {
        if (length <= 0) throw new OpusDecodingException("empty Opus packet");
        try {
            return decoder.decode(packet, offset, length, pcm, 0, MAX_FRAME_SAMPLES, false);
        } catch (OpusException | IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            throw new OpusDecodingException("invalid Opus packet (" + length + " bytes): " + e.getMessage(), e);
        }
    }

    /**
     * Conceals lost audio (packet loss concealment) into {@link #pcm()}.
     *
     * @param samples samples per channel that are missing: a multiple of 120 (2.5 ms), at most {@link #MAX_FRAME_SAMPLES}
     * @return samples per channel produced
     * @throws IllegalArgumentException if {@code samples} is not such a multiple
     */
    public int conceal(int samples) {
        if (samples <= 0 || samples % 120 != 0 || samples > MAX_FRAME_SAMPLES) {
            throw new IllegalArgumentException("concealment works in multiples of 2.5 ms up to 120 ms, not " + samples + " samples");
        }
        try {
            return decoder.decode(null, 0, 0, pcm, 0, samples, false);
        } catch (OpusException e) {
            throw new OpusDecodingException("packet loss concealment failed: " + e.getMessage(), e);
        }
    }

    /**
     * The output buffer, overwritten by each call of {@link #decode} or {@link #conceal}: interleaved samples,
     * valid up to the count the call returned times {@link #channels()}.
     *
     * @return the decoder's own buffer (do not keep it across calls)
     */
    public short[] pcm() {
        return pcm;
    }

    /** @return 1 or 2 */
    public int channels() {
        return channels;
    }
}

package gateway.lib.opus;

import io.github.jaredmdobson.concentus.OpusApplication;
import io.github.jaredmdobson.concentus.OpusEncoder;
import io.github.jaredmdobson.concentus.OpusException;
import io.github.jaredmdobson.concentus.OpusSignal;
import java.util.function.Consumer;

/**
 * Encodes interleaved 16-bit PCM into Opus packets of a fixed duration. PCM may arrive in chunks of any
 * size (e.g. WebRTC's 10 ms frames); the encoder buffers until a packet's worth is there.
 *
 * <p>Not thread-safe: one producer thread at a time. Pure Java: nothing to release, the object is simply
 * dropped when done.
 */
public final class OpusPcmEncoder {
    /** Sample rates Opus encodes natively. */
    private static final int[] RATES = {8_000, 12_000, 16_000, 24_000, 48_000};

    private final OpusEncoder encoder;
    private final int sampleRate;
    private final int channels;
    private final int frameSamples;
    private final short[] frame;
    private int filled;
    private final byte[] out = new byte[4000];
    private final OpusEncoderSettings settings;

    /**
     * @param sampleRate 8000, 12000, 16000, 24000 or 48000 Hz
     * @param channels   1 or 2
     * @param settings   bitrate, complexity, packet duration, ...
     * @throws IllegalArgumentException if the rate or channel count is not supported
     */
    public OpusPcmEncoder(int sampleRate, int channels, OpusEncoderSettings settings) {
        if (!isSupportedRate(sampleRate)) throw new IllegalArgumentException("Opus cannot encode at " + sampleRate + " Hz");
        if (channels != 1 && channels != 2) throw new IllegalArgumentException("Opus encodes 1 or 2 channels here, not " + channels);
        try {
            this.encoder = new OpusEncoder(sampleRate, channels, OpusApplication.OPUS_APPLICATION_AUDIO);
        } catch (OpusException e) {
            throw new IllegalArgumentException("cannot create an Opus encoder: " + e.getMessage(), e);
        }
        encoder.setBitrate(settings.bitrate());
        encoder.setComplexity(settings.complexity());
        encoder.setUseVBR(settings.vbr());
        encoder.setUseConstrainedVBR(false);
        encoder.setUseDTX(settings.dtx());
        encoder.setSignalType(OpusSignal.OPUS_SIGNAL_AUTO);
        this.sampleRate = sampleRate;
        this.channels = channels;
        this.settings = settings;
        this.frameSamples = sampleRate * settings.frameMillis() / 1000;
        this.frame = new short[frameSamples * channels];
    }

    /**
     * @param sampleRate a rate in Hz
     * @return whether this encoder accepts PCM at that rate
     */
    public static boolean isSupportedRate(int sampleRate) {
        for (int r : RATES) if (r == sampleRate) return true;
        return false;
    }

    /**
     * Adds PCM and emits every packet that is complete.
     *
     * @param pcm     interleaved signed 16-bit little-endian samples
     * @param offset  first byte
     * @param frames  samples per channel in this chunk
     * @param packets receives each finished Opus packet (a new array each time), on the calling thread
     * @throws IllegalStateException if the encoder fails
     */
    public void encode(byte[] pcm, int offset, int frames, Consumer<byte[]> packets) {
        int samples = frames * channels;
        for (int i = 0; i < samples; i++) {
            int p = offset + 2 * i;
            frame[filled++] = (short) ((pcm[p] & 0xff) | (pcm[p + 1] << 8));
            if (filled == frame.length) {
                packets.accept(encodeFrame());
                filled = 0;
            }
        }
    }

    private byte[] encodeFrame() {
        try {
            int n = encoder.encode(frame, 0, frameSamples, out, 0, out.length);
            return java.util.Arrays.copyOf(out, n);
        } catch (OpusException e) {
            throw new IllegalStateException("Opus encoding failed: " + e.getMessage(), e);
        }
    }

    /** @return samples at 48 kHz a decoder must skip at the start (the encoder's look-ahead), for the OpusHead */
    public int preSkip() {
        return encoder.getLookahead() * (48_000 / sampleRate);
    }

    /** @return the input sample rate in Hz */
    public int sampleRate() {
        return sampleRate;
    }

    /** @return 1 or 2 */
    public int channels() {
        return channels;
    }

    /** @return the duration of each packet in microseconds */
    public long packetMicros() {
        return settings.frameMillis() * 1000L;
    }

    /** @return the settings in use */
    public OpusEncoderSettings settings() {
        return settings;
    }
}

package gateway.lib.opus;

import gateway.lib.opus.internal.ConcentusDecoder;
import gateway.lib.opus.internal.DecoderBackend;
import gateway.lib.opus.internal.LibOpus;
import gateway.lib.opus.internal.NativeAccess;
import gateway.lib.opus.internal.NativeOpusDecoder;

/**
 * Decodes Opus packets into 16-bit PCM at the rate asked for: 48 kHz (the Opus timeline), or directly at 24, 16,
 * 12 or 8 kHz — libopus's own path to those rates, band-limited by the codec itself (the high bands are not
 * synthesised, and SILK audio is resampled by libopus's resampler), so a lower rate costs no separate resampler
 * and folds nothing back as an alias. A decoder made for one channel decodes a stereo stream as its mono downmix
 * (the Opus decoder does this itself, at a lower cost than decoding both channels).
 *
 * <p>It decodes with the system's libopus ({@code libopus.so.0}, through the foreign function API) when it can —
 * about half the CPU of the pure-Java Concentus, the fallback otherwise. {@link #nativeLibrary()} says which, and
 * why; both decode the same bitstream the same way.
 *
 * <p>Decoding is stateful: feed the packets of one stream in order. A lost packet is concealed with
 * {@link #conceal(int)} so the next one decodes without a click.
 *
 * <p>Not thread-safe: one thread at a time, and {@link #close} not while another call runs. Close it when done:
 * a libopus decoder holds native memory (it is also freed when the object is garbage collected).
 */
public final class OpusPcmDecoder implements AutoCloseable {
    /** The Opus timeline's rate, in Hz; the default output rate. */
    public static final int SAMPLE_RATE = 48_000;
    /** The longest Opus packet, in milliseconds. */
    public static final int MAX_FRAME_MILLIS = 120;
    private static final int[] RATES = {8_000, 12_000, 16_000, 24_000, 48_000};
    private static final NativeLibrary LIBRARY = choose();

    private final DecoderBackend backend;
    private final int sampleRate;
    private final int channels;
    private final int maxFrameSamples;
    private final short[] pcm;

    /**
     * A decoder to 48 kHz.
     *
     * @param channels output channels: 1 (a stereo stream is downmixed) or 2 (a mono stream is duplicated)
     * @throws IllegalArgumentException for another channel count
     */
    public OpusPcmDecoder(int channels) {
        this(SAMPLE_RATE, channels);
    }

    /**
     * @param sampleRate output rate: 8000, 12000, 16000, 24000 or 48000 Hz
     * @param channels   output channels: 1 (a stereo stream is downmixed) or 2 (a mono stream is duplicated)
     * @throws IllegalArgumentException for another rate or channel count
     * @since 1.1
     */
    public OpusPcmDecoder(int sampleRate, int channels) {
        this(sampleRate, channels, LIBRARY.inUse());
    }

    /** @param system whether to decode with the system's libopus (it must be {@link NativeLibrary#inUse() in use}) */
    OpusPcmDecoder(int sampleRate, int channels, boolean system) {
        if (!isSupportedRate(sampleRate)) throw new IllegalArgumentException("Opus decodes to 8, 12, 16, 24 or 48 kHz, not " + sampleRate + " Hz");
        if (channels != 1 && channels != 2) throw new IllegalArgumentException("Opus decodes to 1 or 2 channels, not " + channels);
        this.sampleRate = sampleRate;
        this.channels = channels;
        this.maxFrameSamples = sampleRate / 1000 * MAX_FRAME_MILLIS;
        this.pcm = new short[maxFrameSamples * channels];
        this.backend = system ? new NativeOpusDecoder(LibOpus.get(), sampleRate, channels, maxFrameSamples)
                : new ConcentusDecoder(sampleRate, channels);
    }

    /**
     * @param sampleRate a rate in Hz
     * @return whether a decoder can be made for it
     * @since 1.1
     */
    public static boolean isSupportedRate(int sampleRate) {
        for (int r : RATES) if (r == sampleRate) return true;
        return false;
    }

    /**
     * Which Opus decoder new instances use: the system's libopus, or Concentus and why.
     *
     * @return the choice, made once per JVM
     * @since 1.1
     */
    public static NativeLibrary nativeLibrary() {
        return LIBRARY;
    }

    private static NativeLibrary choose() {
        String off = NativeLibrary.switchedOff();
        if (off != null) return new NativeLibrary("libopus.so.0", ConcentusDecoder.VERSION, off);
        if (NativeAccess.problem() != null) return new NativeLibrary("libopus.so.0", ConcentusDecoder.VERSION, NativeAccess.problem());
        LibOpus lib = LibOpus.get();
        if (lib == null) return new NativeLibrary("libopus.so.0", ConcentusDecoder.VERSION, LibOpus.problem());
        try (NativeOpusDecoder probe = new NativeOpusDecoder(lib, SAMPLE_RATE, 1, 960)) {
            // a decoder made and freed: the library works here
        } catch (RuntimeException | LinkageError e) {
            return new NativeLibrary("libopus.so.0", ConcentusDecoder.VERSION, "libopus.so.0 does not work here: " + e);
        }
        return new NativeLibrary("libopus.so.0", lib.version(), null);
    }

    /**
     * Decodes one packet into {@link #pcm()}.
     *
     * @param packet the bytes
     * @param offset the packet's first byte
     * @param length the packet's length, at least 1
     * @return samples per channel decoded (up to {@link #maxFrameSamples()}); interleaved in {@link #pcm()}
     * @throws OpusDecodingException if the packet is not valid Opus; the decoder stays usable
     */
    public int decode(byte[] packet, int offset, int length) {
        if (length <= 0) throw new OpusDecodingException("empty Opus packet");
        return backend.decode(packet, offset, length, pcm, maxFrameSamples);
    }

    /**
     * Conceals lost audio (packet loss concealment) into {@link #pcm()}.
     *
     * @param samples samples per channel that are missing: a multiple of 2.5 ms at the output rate, at most
     *                {@link #maxFrameSamples()}
     * @return samples per channel produced
     * @throws IllegalArgumentException if {@code samples} is not such a multiple
     */
    public int conceal(int samples) {
        int step = sampleRate / 400;
        if (samples <= 0 || samples % step != 0 || samples > maxFrameSamples) {
            throw new IllegalArgumentException("concealment works in multiples of 2.5 ms (" + step + " samples) up to 120 ms, not "
                    + samples + " samples");
        }
        return backend.decode(null, 0, 0, pcm, samples);
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

    /**
     * @return the output rate in Hz
     * @since 1.1
     */
    public int sampleRate() {
        return sampleRate;
    }

    /**
     * @return samples per channel in the longest packet (120 ms) at the output rate
     * @since 1.1
     */
    public int maxFrameSamples() {
        return maxFrameSamples;
    }

    /**
     * @return what decodes: the system library's version (e.g. {@code libopus 1.3.1}) or {@code Concentus 1.0.2}
     * @since 1.1
     */
    public String implementation() {
        return backend.implementation();
    }

    /** Frees the decoder's native memory (idempotent); the decoder cannot be used afterwards. */
    @Override
    public void close() {
        backend.close();
    }
}

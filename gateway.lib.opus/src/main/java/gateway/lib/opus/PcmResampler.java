package gateway.lib.opus;

import gateway.lib.opus.internal.LibSpeexDsp;
import gateway.lib.opus.internal.NativeAccess;
import gateway.lib.opus.internal.ResamplerBackend;
import gateway.lib.opus.internal.SincResampler;
import gateway.lib.opus.internal.SpeexResampler;

/**
 * Converts a stream of mono 16-bit PCM between the rates telephony and Opus use (8, 12, 16, 24 and 48 kHz, either
 * way), band-limited: nothing above the lower rate's Nyquist frequency folds back as an alias.
 *
 * <p>It resamples with the system's libspeexdsp ({@code libspeexdsp.so.1}, the Speex resampler made for voice over
 * IP, at quality 5 of 10) when it can, and otherwise with a Kaiser-windowed sinc filter in Java (80 dB stopband);
 * {@link #nativeLibrary()} says which, and why. Decoding Opus at a telephony rate needs no resampler
 * ({@link OpusPcmDecoder} decodes to it directly); this is for PCM from elsewhere, such as audio to encode.
 *
 * <p>Streaming: the output is aligned with the input (no leading silence) and trails it by the filter's latency
 * (a few milliseconds); {@link #flush} ends the signal, giving out the rest so that the output adds up to the
 * input's duration, and readies the resampler for a new signal. Not thread-safe. Close it when done (a libspeexdsp
 * resampler holds native memory; it is also freed when the object is garbage collected).
 */
public final class PcmResampler implements AutoCloseable {
    private static final int[] RATES = {8_000, 12_000, 16_000, 24_000, 48_000};
    private static final NativeLibrary LIBRARY = choose();

    private final ResamplerBackend backend;
    private final int inRate;
    private final int outRate;

    /**
     * @param inRate  input rate in Hz
     * @param outRate output rate in Hz
     * @throws IllegalArgumentException if the pair is not supported ({@link #supports})
     */
    public PcmResampler(int inRate, int outRate) {
        this(inRate, outRate, LIBRARY.inUse());
    }

    /** @param system whether to use the system's libspeexdsp (it must be {@link NativeLibrary#inUse() in use}) */
    PcmResampler(int inRate, int outRate, boolean system) {
        if (!supports(inRate, outRate)) throw new IllegalArgumentException("cannot resample from " + inRate + " Hz to " + outRate + " Hz");
        this.inRate = inRate;
        this.outRate = outRate;
        this.backend = system ? new SpeexResampler(LibSpeexDsp.get(), inRate, outRate) : new SincResampler(inRate, outRate);
    }

    /**
     * @param inRate  input rate in Hz
     * @param outRate output rate in Hz
     * @return whether a resampler can be made for the pair (8, 12, 16, 24 or 48 kHz each; equal rates included)
     */
    public static boolean supports(int inRate, int outRate) {
        return isRate(inRate) && isRate(outRate);
    }

    private static boolean isRate(int r) {
        for (int x : RATES) if (x == r) return true;
        return false;
    }

    /**
     * Which resampler new instances use: the system's libspeexdsp, or the Java filter and why.
     *
     * @return the choice, made once per JVM
     * @since 1.1
     */
    public static NativeLibrary nativeLibrary() {
        return LIBRARY;
    }

    private static NativeLibrary choose() {
        String java = "gateway.lib.opus Kaiser-windowed sinc (Java)";
        String off = NativeLibrary.switchedOff();
        if (off != null) return new NativeLibrary("libspeexdsp.so.1", java, off);
        if (NativeAccess.problem() != null) return new NativeLibrary("libspeexdsp.so.1", java, NativeAccess.problem());
        LibSpeexDsp lib = LibSpeexDsp.get();
        if (lib == null) return new NativeLibrary("libspeexdsp.so.1", java, LibSpeexDsp.problem());
        try (SpeexResampler probe = new SpeexResampler(lib, 8_000, 48_000)) {
            // a resampler made and freed: the library works here
        } catch (RuntimeException | LinkageError e) {
            return new NativeLibrary("libspeexdsp.so.1", java, "libspeexdsp.so.1 does not work here: " + e);
        }
        return new NativeLibrary("libspeexdsp.so.1", lib.version(), null);
    }

    /**
     * The most output samples a call with {@code inSamples} samples (or a {@link #flush}) can produce, for sizing
     * the output array.
     *
     * @param inSamples input samples of one call (0 for a flush)
     * @return an upper bound of the output samples
     */
    public int maxOutput(int inSamples) {
        // the ratio's share plus what the filter may still hold back (well under 20 ms)
        return (int) ((long) inSamples * outRate / inRate) + outRate / 50 + 2;
    }

    /**
     * Resamples a block of input.
     *
     * @param in        input samples
     * @param inOffset  first input sample
     * @param inLength  input samples, any count
     * @param out       output array, with room for {@link #maxOutput(int) maxOutput(inLength)} samples from {@code outOffset}
     * @param outOffset where the output starts
     * @return output samples written
     */
    public int resample(short[] in, int inOffset, int inLength, short[] out, int outOffset) {
        return backend.resample(in, inOffset, inLength, out, outOffset, maxOutput(inLength));
    }

    /**
     * Ends the signal: writes the output the filter still holds back, and readies the resampler for a new signal.
     *
     * @param out       output array, with room for {@link #maxOutput(int) maxOutput(0)} samples from {@code outOffset}
     * @param outOffset where the output starts
     * @return output samples written
     * @since 1.1
     */
    public int flush(short[] out, int outOffset) {
        return backend.flush(out, outOffset, maxOutput(0));
    }

    /** @return the input rate in Hz */
    public int inRate() {
        return inRate;
    }

    /** @return the output rate in Hz */
    public int outRate() {
        return outRate;
    }

    /**
     * @return what resamples: the system library's version (e.g. {@code libspeexdsp resampler (quality 5)}) or the Java filter
     * @since 1.1
     */
    public String implementation() {
        return backend.implementation();
    }

    /** Frees the resampler's native memory (idempotent); it cannot be used afterwards. */
    @Override
    public void close() {
        backend.close();
    }
}

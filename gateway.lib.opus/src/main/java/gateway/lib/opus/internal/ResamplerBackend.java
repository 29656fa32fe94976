package gateway.lib.opus.internal;

/**
 * One resampler behind {@code gateway.lib.opus.PcmResampler}: the system's libspeexdsp, or the pure-Java
 * {@link SincResampler}. Both stream mono 16-bit PCM with their output aligned to the input (no leading
 * delay samples), trailing it by their filter's latency until {@link #flush}. One thread at a time.
 */
public interface ResamplerBackend extends AutoCloseable {

    /** @return samples written to {@code out} (at most {@code room}) */
    int resample(short[] in, int inOffset, int inLength, short[] out, int outOffset, int room);

    /**
     * Ends the signal: writes what the filter still holds, so the output adds up to the input's duration, and
     * makes the resampler ready for a new signal.
     *
     * @return samples written to {@code out} (at most {@code room})
     */
    int flush(short[] out, int outOffset, int room);

    /** @return what resamples, e.g. {@code libspeexdsp resampler (quality 5)} */
    String implementation();

    @Override
    void close();
}

package gateway.lib.opus.internal;

import java.lang.invoke.MethodHandle;

/**
 * The system's libspeexdsp ({@code libspeexdsp.so.1}, Debian's {@code libspeexdsp1}): the Speex resampler's C API,
 * a polyphase resampler made for voice over IP (its latency is the filter's half length, a few milliseconds).
 * Bound once per JVM; {@link #get()} is {@code null} when the library or the foreign function API is not there,
 * and {@link #problem()} says why.
 */
public final class LibSpeexDsp {
    /** {@code RESAMPLER_ERR_SUCCESS}. */
    static final int OK = 0;

    private static final NativeAccess.Binding<LibSpeexDsp> BINDING = NativeAccess.Binding.bind("libspeexdsp.so.1", LibSpeexDsp::new);

    /** {@code SpeexResamplerState *speex_resampler_init(spx_uint32_t nb_channels, spx_uint32_t in_rate, spx_uint32_t out_rate, int quality, int *err)}. */
    final MethodHandle init;
    /**
     * {@code int speex_resampler_process_int(SpeexResamplerState *st, spx_uint32_t channel_index, const spx_int16_t *in,
     * spx_uint32_t *in_len, spx_int16_t *out, spx_uint32_t *out_len)}; {@code in == NULL} feeds zeros.
     */
    final MethodHandle process;
    /** {@code int speex_resampler_skip_zeros(SpeexResamplerState *st)}: drops the leading latency from the output. */
    final MethodHandle skipZeros;
    /** {@code int speex_resampler_reset_mem(SpeexResamplerState *st)}. */
    final MethodHandle resetMem;
    /** {@code int speex_resampler_get_input_latency(SpeexResamplerState *st)}. */
    final MethodHandle inputLatency;
    /** {@code void speex_resampler_destroy(SpeexResamplerState *st)}. */
    final MethodHandle destroy;
    /** {@code const char *speex_resampler_strerror(int err)}. */
    private final MethodHandle strerror;

    private LibSpeexDsp(NativeAccess.Library lib) {
        init = lib.function("speex_resampler_init", 'P', "IIIIP");
        process = lib.function("speex_resampler_process_int", 'I', "PIPPPP");
        skipZeros = lib.function("speex_resampler_skip_zeros", 'I', "P");
        resetMem = lib.function("speex_resampler_reset_mem", 'I', "P");
        inputLatency = lib.function("speex_resampler_get_input_latency", 'I', "P");
        destroy = lib.function("speex_resampler_destroy", 'V', "P");
        strerror = lib.function("speex_resampler_strerror", 'P', "I");
    }

    /** @return the bound library, or {@code null} if it cannot be used here */
    public static LibSpeexDsp get() {
        return BINDING.library();
    }

    /** @return why the library cannot be used, or {@code null} */
    public static String problem() {
        return BINDING.problem();
    }

    /** @return what resamples (the library exports no version of its own) */
    public String version() {
        return "libspeexdsp resampler";
    }

    /** @return the library's words for an error code */
    String describe(int error) {
        return NativeAccess.describe(strerror, error);
    }
}

package gateway.lib.opus.internal;

import java.lang.invoke.MethodHandle;

/**
 * The system's libopus ({@code libopus.so.0}, Debian's {@code libopus0}): the decoder functions of its stable C
 * API. Bound once per JVM; {@link #get()} is {@code null} when the library or the foreign function API is not
 * there, and {@link #problem()} says why.
 */
public final class LibOpus {
    /** {@code OPUS_OK}. */
    static final int OK = 0;

    private static final NativeAccess.Binding<LibOpus> BINDING = NativeAccess.Binding.bind("libopus.so.0", LibOpus::new);

    /** {@code OpusDecoder *opus_decoder_create(opus_int32 Fs, int channels, int *error)}. */
    final MethodHandle decoderCreate;
    /** {@code int opus_decode(OpusDecoder *st, const unsigned char *data, opus_int32 len, opus_int16 *pcm, int frame_size, int decode_fec)}. */
    final MethodHandle decode;
    /** {@code void opus_decoder_destroy(OpusDecoder *st)}. */
    final MethodHandle decoderDestroy;
    /** {@code const char *opus_strerror(int error)}. */
    private final MethodHandle strerror;
    private final String version;

    private LibOpus(NativeAccess.Library lib) {
        decoderCreate = lib.function("opus_decoder_create", 'P', "IIP");
        decode = lib.function("opus_decode", 'I', "PPIPII");
        decoderDestroy = lib.function("opus_decoder_destroy", 'V', "P");
        strerror = lib.function("opus_strerror", 'P', "I");
        MethodHandle versionString = lib.function("opus_get_version_string", 'P', "");
        try {
            version = NativeAccess.string((long) versionString.invokeExact());
        } catch (Throwable t) {
            throw new IllegalStateException("libopus.so.0 does not answer opus_get_version_string: " + t, t);
        }
    }

    /** @return the bound library, or {@code null} if it cannot be used here */
    public static LibOpus get() {
        return BINDING.library();
    }

    /** @return why the library cannot be used, or {@code null} */
    public static String problem() {
        return BINDING.problem();
    }

    /** @return the library's own version, e.g. {@code libopus 1.3.1} */
    public String version() {
        return version;
    }

    /** @return libopus's words for an error code */
    String describe(int error) {
        return NativeAccess.describe(strerror, error);
    }
}

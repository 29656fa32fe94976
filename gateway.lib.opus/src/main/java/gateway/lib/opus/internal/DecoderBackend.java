package gateway.lib.opus.internal;

/**
 * One Opus decoder behind {@code gateway.lib.opus.OpusPcmDecoder}: the system's libopus, or Concentus (pure Java).
 * Both decode at the rate they were made for, with libopus's own band-limited rate conversion. One thread at a
 * time; {@link #close} must not race with the other calls.
 */
public interface DecoderBackend extends AutoCloseable {

    /**
     * Decodes a packet (or, with {@code packet == null}, conceals {@code maxSamples} lost samples per channel).
     *
     * @return samples per channel written into {@code pcm}, interleaved
     * @throws gateway.lib.opus.OpusDecodingException if the packet is not valid Opus
     */
    int decode(byte[] packet, int offset, int length, short[] pcm, int maxSamples);

    /** @return what decodes, e.g. {@code libopus 1.3.1} */
    String implementation();

    /** Frees the decoder (idempotent). */
    @Override
    void close();
}

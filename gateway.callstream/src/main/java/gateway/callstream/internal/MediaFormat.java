package gateway.callstream.internal;

import java.util.Locale;
import java.util.Optional;

/** The three payload formats of Plivo's audio streams, as {@code content_type} names them. */
enum MediaFormat {
    /** 16-bit signed little-endian mono PCM at 8 kHz (the default). */
    L16_8K("audio/x-l16;rate=8000", "audio/x-l16", 8_000),
    /** 16-bit signed little-endian mono PCM at 16 kHz. */
    L16_16K("audio/x-l16;rate=16000", "audio/x-l16", 16_000),
    /** G.711 μ-law at 8 kHz, one byte per sample. */
    MULAW_8K("audio/x-mulaw;rate=8000", "audio/x-mulaw", 8_000);

    /** Payload per message: 20 ms. */
    static final int CHUNK_MILLIS = 20;

    private final String contentType;
    private final String encoding;
    private final int sampleRate;

    MediaFormat(String contentType, String encoding, int sampleRate) {
        this.contentType = contentType;
        this.encoding = encoding;
        this.sampleRate = sampleRate;
    }

    /** @return the {@code content_type} value, e.g. {@code audio/x-l16;rate=8000} */
    String contentType() {
        return contentType;
    }

    /** @return the {@code mediaFormat.encoding} of the start message, e.g. {@code audio/x-l16} */
    String encoding() {
        return encoding;
    }

    int sampleRate() {
        return sampleRate;
    }

    /** @return samples in one 20 ms chunk */
    int chunkSamples() {
        return sampleRate * CHUNK_MILLIS / 1000;
    }

    /** @return bytes of one sample in the payload */
    int bytesPerSample() {
        return this == MULAW_8K ? 1 : 2;
    }

    /** Encodes {@code count} samples to this format's payload bytes. */
    byte[] encode(short[] pcm, int offset, int count) {
        byte[] out = new byte[count * bytesPerSample()];
        encode(pcm, offset, count, out);
        return out;
    }

    /** Encodes {@code count} samples into {@code out} (at least {@code count × bytesPerSample()} long) from its start. */
    void encode(short[] pcm, int offset, int count, byte[] out) {
        if (this == MULAW_8K) {
            G711.encode(pcm, offset, count, out, 0);
        } else {
            for (int i = 0; i < count; i++) {
                short s = pcm[offset + i];
                out[2 * i] = (byte) s;
                out[2 * i + 1] = (byte) (s >> 8);
            }
        }
    }

    /**
     * @param value a {@code content_type} as a client sends it (case and blanks around {@code ;} ignored)
     * @return the format, if it is one of the three
     */
    static Optional<MediaFormat> ofContentType(String value) {
        if (value == null) return Optional.empty();
        String v = value.replace(" ", "").toLowerCase(Locale.ROOT);
        for (MediaFormat f : values()) if (f.contentType.equals(v)) return Optional.of(f);
        return Optional.empty();
    }
}

package gateway.api.stream;

import java.util.Objects;

/**
 * The audio format of a live stream's packets.
 *
 * @param codec      codec name in lower case, e.g. {@code "opus"}; never {@code null}
 * @param sampleRate sample rate of the codec's timeline in Hz (48000 for Opus), positive
 * @param channels   number of channels, 1 or more
 */
public record StreamFormat(String codec, int sampleRate, int channels) {

    /** The gateway's canonical format: Opus, 48 kHz timeline, stereo. */
    public static final StreamFormat OPUS_48K_STEREO = new StreamFormat("opus", 48_000, 2);

    /** The canonical codec with one channel. */
    public static final StreamFormat OPUS_48K_MONO = new StreamFormat("opus", 48_000, 1);

    /**
     * Validates the components.
     *
     * @throws IllegalArgumentException if a component is out of range
     */
    public StreamFormat {
        Objects.requireNonNull(codec, "codec");
        if (codec.isBlank()) throw new IllegalArgumentException("codec must not be blank");
        if (sampleRate <= 0) throw new IllegalArgumentException("sampleRate must be positive");
        if (channels <= 0) throw new IllegalArgumentException("channels must be positive");
    }
}

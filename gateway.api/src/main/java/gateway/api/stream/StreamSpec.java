package gateway.api.stream;

import java.util.Map;
import java.util.Objects;

/**
 * What a publisher asks for when it opens a stream.
 *
 * @param origin   symbolic name of the plugin that produces the stream (e.g. {@code "srt"}); not blank
 * @param format   the packets' format; usually {@link StreamFormat#OPUS_48K_STEREO}
 * @param metadata initial metadata (e.g. {@code title}, {@code event}); copied, may be empty, never {@code null}
 */
public record StreamSpec(String origin, StreamFormat format, Map<String, String> metadata) {

    /**
     * Validates and copies the components.
     *
     * @throws IllegalArgumentException if {@code origin} is blank
     */
    public StreamSpec {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(format, "format");
        if (origin.isBlank()) throw new IllegalArgumentException("origin must not be blank");
        metadata = Map.copyOf(metadata == null ? Map.of() : metadata);
    }

    /**
     * A spec with no metadata.
     *
     * @param origin the producing plugin
     * @param format the packets' format
     * @return the spec
     */
    public static StreamSpec of(String origin, StreamFormat format) {
        return new StreamSpec(origin, format, Map.of());
    }
}

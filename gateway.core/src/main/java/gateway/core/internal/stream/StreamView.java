package gateway.core.internal.stream;

import gateway.api.stream.AttachmentInfo;
import gateway.api.stream.LiveStream;
import java.util.List;
import java.util.Map;

/**
 * A stream as the gateway shows it in JSON ({@code /streams}, events).
 *
 * @param id       stream id
 * @param origin   producing plugin
 * @param format   codec, sample rate, channels
 * @param metadata current metadata
 * @param state    lower-case state
 * @param reason   why it is in that state, or null
 * @param openedAt ISO-8601 instant
 * @param packets  packets received
 * @param bytes    payload bytes received
 * @param handlers attached handlers
 */
public record StreamView(String id, String origin, Map<String, Object> format, Map<String, String> metadata,
                         String state, String reason, String openedAt, long packets, long bytes,
                         List<AttachmentInfo> handlers) {

    public static StreamView of(LiveStream s, List<AttachmentInfo> handlers) {
        var counters = s.counters();
        return new StreamView(s.id(), s.origin(),
                Map.of("codec", s.format().codec(), "sampleRate", s.format().sampleRate(), "channels", s.format().channels()),
                s.metadata(), s.state().name().toLowerCase(), s.reason().orElse(null), s.openedAt().toString(),
                counters.packets(), counters.bytes(), handlers);
    }
}

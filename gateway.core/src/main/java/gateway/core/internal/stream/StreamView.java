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
 * @param state    the state's label: starting, live, ended, failed
 * @param reason   why it is in that state, or null
 * @param openedAt ISO-8601 instant
 * @param packets  packets received
 * @param bytes    payload bytes received
 * @param handlers attached handlers (for an ended stream, those it had when it ended)
 */
public record StreamView(String id, String origin, Map<String, Object> format, Map<String, String> metadata,
                         String state, String reason, String openedAt, long packets, long bytes,
                         List<HandlerView> handlers) {

    /**
     * One handler on the stream.
     *
     * @param handler   the handler's name
     * @param state     the attachment state's label: attaching, attached, failed, ended, detached
     * @param delivered packets delivered to its session
     * @param dropped   packets not delivered: its queue was full, or they were queued when it was detached
     * @param failed    whether attach or a callback threw
     * @param reason    what failed, or null
     * @param id        the attachment's id
     */
    public record HandlerView(String handler, String state, long delivered, long dropped, boolean failed,
                              String reason, String id) {
        static HandlerView of(AttachmentInfo a) {
            return new HandlerView(a.handler(), a.state().label(), a.delivered(), a.dropped(), a.failed(), a.reason(), a.id());
        }
    }

    public static StreamView of(LiveStream s, List<AttachmentInfo> handlers) {
        var counters = s.counters();
        return new StreamView(s.id(), s.origin(),
                Map.of("codec", s.format().codec(), "sampleRate", s.format().sampleRate(), "channels", s.format().channels()),
                s.metadata(), s.state().label(), s.reason().orElse(null), s.openedAt().toString(),
                counters.packets(), counters.bytes(), handlers.stream().map(HandlerView::of).toList());
    }
}

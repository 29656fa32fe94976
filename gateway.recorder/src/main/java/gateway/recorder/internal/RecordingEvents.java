package gateway.recorder.internal;

import gateway.api.event.GatewayEvent;
import gateway.api.event.GatewayEvents;
import java.util.LinkedHashMap;
import java.util.Map;

/** Publishes the recorder's events on the gateway's event bus ({@code /sse}). */
final class RecordingEvents {
    private final GatewayEvents bus;

    /** @param bus the event bus */
    RecordingEvents(GatewayEvents bus) {
        this.bus = bus;
    }

    /**
     * @param type the event
     * @param r    the entry it is about, published whole
     */
    void publish(RecordingEvent type, Recording r) {
        bus.publish(GatewayEvent.now(type.type(), r));
    }

    /**
     * @param r      the deleted entry
     * @param reason why it was deleted
     */
    void deleted(Recording r, String reason) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("id", r.id());
        data.put("stream", r.stream());
        data.put("event", r.event());
        data.put("reason", reason);
        bus.publish(GatewayEvent.now(RecordingEvent.DELETED.type(), data));
    }
}

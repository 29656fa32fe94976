package gateway.webrtc.internal;

import gateway.api.event.GatewayEvent;
import gateway.api.event.GatewayEvents;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * WHEP sessions on the gateway's event bus ({@code /sse}). Publishing never throws: a failure is logged and the
 * caller (often a transport callback) carries on.
 */
final class WhepEvents {
    private static final Logger LOG = LoggerFactory.getLogger(WhepEvents.class);

    /** An offer was answered (201): the session exists and waits for the listener's ICE and DTLS. */
    static final String STARTED = "whep-started";
    /** ICE and DTLS completed: the stream's packets flow to the listener. */
    static final String CONNECTED = "whep-connected";
    /** The session ended; {@code cause} and {@code reason} say why, {@code packets} how many were sent. */
    static final String ENDED = "whep-ended";

    private final GatewayEvents events;

    WhepEvents(GatewayEvents events) {
        this.events = events;
    }

    void started(WhepSession s) {
        publish(STARTED, base(s));
    }

    void connected(WhepSession s) {
        Map<String, Object> data = base(s);
        data.put("remote", s.remote());
        data.put("srtp", s.srtpProfile());
        publish(CONNECTED, data);
    }

    void ended(WhepSession s, EndCause cause, String reason) {
        Map<String, Object> data = base(s);
        data.put("cause", cause.wire());
        data.put("reason", reason);
        data.put("packets", s.packetsSent());
        publish(ENDED, data);
    }

    private void publish(String type, Map<String, Object> data) {
        try {
            events.publish(GatewayEvent.now(type, data));
        } catch (RuntimeException e) {
            LOG.error("WHEP: publishing {} for session {} failed", type, data.get("session"), e);
        }
    }

    private static Map<String, Object> base(WhepSession s) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("session", s.id());
        data.put("stream", s.streamId());
        return data;
    }
}

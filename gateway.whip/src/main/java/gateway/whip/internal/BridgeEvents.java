package gateway.whip.internal;

import gateway.api.event.GatewayEvent;
import gateway.api.event.GatewayEvents;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bridge's lifecycle on the gateway's event bus ({@code /sse}): the event types clients see and what
 * each carries. Publishing never throws: a failure is logged, and the caller (often a WebRTC callback or
 * the teardown) carries on.
 */
final class BridgeEvents {
    private static final Logger LOG = LoggerFactory.getLogger(BridgeEvents.class);

    /** A bridge was requested ({@code POST /stream}): its port is reserved and its WHIP endpoint listens. */
    static final String REQUESTED = "whip-requested";
    /** The SRT target accepted the bridge's connection. */
    static final String SRT_CONNECTED = "whip-srt-connected";
    /** The publisher's WebRTC connection is up. */
    static final String CONNECTED = "whip-connected";
    /** The bridge ended; {@code state} says whether normally or by a failure, {@code cause} and {@code reason} why. */
    static final String ENDED = "whip-ended";

    private final GatewayEvents events;

    BridgeEvents(GatewayEvents events) {
        this.events = events;
    }

    void requested(Bridge bridge) {
        Map<String, Object> data = base(bridge);
        data.put("encrypted", bridge.request().srtPassword() != null);
        publish(REQUESTED, data);
    }

    void srtConnected(Bridge bridge) {
        publish(SRT_CONNECTED, base(bridge));
    }

    void connected(Bridge bridge) {
        Map<String, Object> data = base(bridge);
        data.put("session", bridge.sessionId());
        publish(CONNECTED, data);
    }

    /** @param relay the bridge's relay, or null if no offer was answered */
    void ended(Bridge bridge, OpusRelay relay) {
        Map<String, Object> data = base(bridge);
        data.put("state", bridge.endCause().state());
        data.put("cause", bridge.endCause().wire());
        data.put("reason", bridge.endReason());
        data.put("stream", relay == null ? null : relay.streamId());
        data.put("packets", relay == null ? 0 : relay.packets());
        data.put("srtStats", relay == null ? null : relay.srtStats());
        publish(ENDED, data);
    }

    private void publish(String type, Map<String, Object> data) {
        try {
            events.publish(GatewayEvent.now(type, data));
        } catch (RuntimeException e) {
            LOG.error("WHIP: publishing {} for bridge {} failed", type, data.get("bridge"), e);
        }
    }

    private static Map<String, Object> base(Bridge bridge) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("bridge", bridge.id());
        data.put("port", bridge.port());
        data.put("srt", bridge.request().srtTarget());
        return data;
    }
}

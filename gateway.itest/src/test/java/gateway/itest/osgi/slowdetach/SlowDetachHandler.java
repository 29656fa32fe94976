package gateway.itest.osgi.slowdetach;

import gateway.api.event.GatewayEvent;
import gateway.api.event.GatewayEvents;
import gateway.api.stream.LiveStream;
import gateway.api.stream.MediaHandler;
import gateway.api.stream.MediaSession;
import gateway.api.stream.StreamPublisher;
import gateway.api.stream.StreamRegistry;
import java.util.Map;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * A plugin's media handler, built into its own bundle by the test (see {@code HandlerBundle}): a DS component
 * that is a whiteboard handler for streams with metadata {@code itest.whiteboard=true} and, when activated,
 * requests an attachment to every live stream with {@code itest.request=true}. Its sessions take 300 ms in
 * {@code onDetached}, like a recorder finishing a file, and it does nothing about its sessions in its own
 * deactivation. It reports what happens to it as gateway events ({@code itest-...}) with {@code System.nanoTime()}.
 */
public final class SlowDetachHandler implements MediaHandler {
    /** How long each session's onDetached takes. */
    public static final long DETACH_MILLIS = 300;

    private volatile GatewayEvents events;
    private volatile StreamRegistry registry;
    private volatile Bundle bundle;
    private volatile boolean deactivated;

    public void setEvents(GatewayEvents events) {
        this.events = events;
    }

    public void setRegistry(StreamRegistry registry) {
        this.registry = registry;
    }

    public void activate(BundleContext context) {
        bundle = context.getBundle();
        for (LiveStream s : registry.streams()) {
            if (!s.state().isTerminal() && "true".equals(s.metadata().get("itest.request"))) {
                registry.attach(s.id(), stream -> session(stream, true), Map.of(MediaHandler.NAME, "itest-requested"));
            }
        }
    }

    public void deactivate() {
        deactivated = true;
        publish("itest-deactivated", Map.of("at", System.nanoTime()));
    }

    @Override
    public MediaSession attach(LiveStream stream) {
        return session(stream, false);
    }

    private MediaSession session(LiveStream stream, boolean requested) {
        publish("itest-attached", Map.of("stream", stream.id(), "requested", requested,
                "isPublisher", stream instanceof StreamPublisher));
        return new SlowDetachSession(this, stream.id(), requested);
    }

    /**
     * A callback is late when it runs after the bundle has stopped, or — for a whiteboard session — after the
     * component's deactivation began (the whiteboard detaches before that).
     */
    boolean late(boolean requested) {
        int state = bundle.getState();
        boolean stopped = state != Bundle.ACTIVE && state != Bundle.STOPPING && state != Bundle.STARTING;
        return stopped || (!requested && deactivated);
    }

    boolean deactivated() {
        return deactivated;
    }

    void publish(String type, Map<String, Object> data) {
        events.publish(GatewayEvent.now(type, data));
    }
}

package gateway.api.event;

import java.util.function.Consumer;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The gateway's event bus, a service provided by the core runtime.
 *
 * <p>{@link #publish} never blocks: every subscriber has its own bounded queue, and a subscriber that
 * cannot keep up is disconnected rather than slowing publishers. Events are delivered to each
 * subscriber in publication order.
 */
@ProviderType
public interface GatewayEvents {

    /**
     * Publishes an event to every subscriber, including {@code /sse} clients.
     *
     * @param event the event
     */
    void publish(GatewayEvent event);

    /**
     * Subscribes to all events published from now on.
     *
     * @param listener called on a gateway thread, one event at a time; must not block for long
     * @return the subscription; close it to stop receiving
     */
    Subscription subscribe(Consumer<GatewayEvent> listener);

    /** A subscription to the event bus. */
    @ProviderType
    interface Subscription extends AutoCloseable {
        /** Stops delivery. Idempotent. */
        @Override
        void close();
    }
}

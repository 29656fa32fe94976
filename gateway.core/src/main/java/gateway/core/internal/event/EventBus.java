package gateway.core.internal.event;

import gateway.api.event.GatewayEvent;
import gateway.api.event.GatewayEvents;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/** The gateway's event bus: fan-out to subscribers that each drain their own bounded queue. */
@Component(service = GatewayEvents.class)
public final class EventBus implements GatewayEvents {
    /** Events a subscriber may have pending before it counts as dead and is dropped. */
    static final int SUBSCRIBER_QUEUE = 1024;

    private final Set<EventSubscriber> subscribers = ConcurrentHashMap.newKeySet();

    @Override
    public void publish(GatewayEvent event) {
        for (EventSubscriber s : subscribers) s.offer(event);
    }

    @Override
    public Subscription subscribe(Consumer<GatewayEvent> listener) {
        EventSubscriber[] self = new EventSubscriber[1];
        self[0] = new EventSubscriber(listener, SUBSCRIBER_QUEUE, () -> subscribers.remove(self[0]));
        subscribers.add(self[0]);
        return self[0];
    }

    int subscriberCount() {
        return subscribers.size();
    }

    @Deactivate
    void deactivate() {
        subscribers.forEach(EventSubscriber::close);
    }
}

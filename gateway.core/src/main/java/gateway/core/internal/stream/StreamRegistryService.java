package gateway.core.internal.stream;

import gateway.api.stream.Attachment;
import gateway.api.stream.AttachmentInfo;
import gateway.api.stream.LiveStream;
import gateway.api.stream.MediaHandler;
import gateway.api.stream.StreamPublisher;
import gateway.api.stream.StreamRegistry;
import gateway.api.stream.StreamSpec;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.framework.Bundle;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;

/**
 * The {@link StreamRegistry} as each bundle sees it: one instance per using bundle, so that when a
 * bundle stops, the streams it opened and the attachments it made are ended — never those of others —
 * and its stop waits (bounded) for its attachments' final callbacks.
 */
@Component(scope = ServiceScope.BUNDLE)
public final class StreamRegistryService implements StreamRegistry {

    private final StreamTable table;
    private final String user;
    private final Set<Publisher> opened = ConcurrentHashMap.newKeySet();
    private final Set<HandlerAttachment> attachments = ConcurrentHashMap.newKeySet();

    @Activate
    public StreamRegistryService(@Reference StreamTable table, ComponentContext context) {
        this.table = table;
        Bundle using = context.getUsingBundle();
        this.user = using == null ? "unknown" : using.getSymbolicName();
    }

    /** The using bundle stops (or released the service): detach what it attached, fail what it still publishes. */
    @Deactivate
    void deactivate() {
        HandlerAttachment.detachAll("Bundle " + user, List.copyOf(attachments));
        attachments.clear();
        opened.forEach(p -> p.fail("plugin " + user + " stopped"));
    }

    @Override
    public StreamPublisher open(StreamSpec spec) {
        opened.removeIf(p -> p.stream().state().isTerminal()); // forget what has ended
        Publisher p = table.open(spec);
        opened.add(p);
        return p;
    }

    @Override
    public Optional<LiveStream> find(String id) {
        return table.find(id);
    }

    @Override
    public List<LiveStream> streams() {
        return table.streams();
    }

    @Override
    public Attachment attach(String streamId, MediaHandler handler) {
        return attach(streamId, handler, Map.of());
    }

    @Override
    public Attachment attach(String streamId, MediaHandler handler, Map<String, ?> properties) {
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(properties, "properties");
        Object name = properties.get(MediaHandler.NAME);
        Object queue = properties.get(MediaHandler.QUEUE_CAPACITY);
        int capacity = queue == null ? StreamTable.DEFAULT_QUEUE : StreamTable.queueCapacity(queue).orElseThrow(() ->
                new IllegalArgumentException(MediaHandler.QUEUE_CAPACITY + " must be a positive number, not '" + queue + "'"));
        attachments.removeIf(HandlerAttachment::isFinished); // forget what has ended
        HandlerAttachment a = table.attach(streamId, handler,
                name == null || name.toString().isBlank() ? user : name.toString(), capacity,
                StreamTable.directDelivery(properties.get(MediaHandler.DIRECT_DELIVERY)));
        attachments.add(a);
        return a;
    }

    @Override
    public List<AttachmentInfo> attachments(String streamId) {
        return table.attachments(streamId);
    }
}

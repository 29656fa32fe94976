package gateway.core.internal.stream;

import gateway.api.stream.Attachment;
import gateway.api.stream.AttachmentInfo;
import gateway.api.stream.LiveStream;
import gateway.api.stream.MediaHandler;
import gateway.api.stream.StreamPublisher;
import gateway.api.stream.StreamRegistry;
import gateway.api.stream.StreamSpec;
import java.util.List;
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
 * bundle stops, the streams it opened and the attachments it made are ended — never those of others.
 */
@Component(scope = ServiceScope.BUNDLE)
public final class StreamRegistryService implements StreamRegistry {

    private final StreamTable table;
    private final String user;
    private final Set<StreamPublisher> opened = ConcurrentHashMap.newKeySet();
    private final Set<Attachment> attachments = ConcurrentHashMap.newKeySet();

    @Activate
    public StreamRegistryService(@Reference StreamTable table, ComponentContext context) {
        this.table = table;
        Bundle using = context.getUsingBundle();
        this.user = using == null ? "unknown" : using.getSymbolicName();
    }

    @Deactivate
    void deactivate() {
        attachments.forEach(Attachment::close);
        opened.forEach(p -> p.fail("plugin " + user + " stopped"));
    }

    @Override
    public StreamPublisher open(StreamSpec spec) {
        opened.removeIf(p -> p.stream().state().isTerminal()); // forget what has ended
        RegisteredStream stream = table.open(spec);
        opened.add(stream);
        return stream;
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
        attachments.removeIf(a -> ((HandlerAttachment) a).isClosed());
        Attachment a = table.attach(streamId, handler, user);
        attachments.add(a);
        return a;
    }

    @Override
    public List<AttachmentInfo> attachments(String streamId) {
        return table.attachments(streamId);
    }
}

package gateway.core.internal.stream;

import gateway.api.event.GatewayEvent;
import gateway.api.event.GatewayEvents;
import gateway.api.stream.Attachment;
import gateway.api.stream.AttachmentInfo;
import gateway.api.stream.LiveStream;
import gateway.api.stream.MediaHandler;
import gateway.api.stream.MediaHandlerException;
import gateway.api.stream.MediaSession;
import gateway.api.stream.StreamNotFoundException;
import gateway.api.stream.StreamSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.Constants;
import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one table of streams in the gateway and the media handler whiteboard. It lives in the core
 * bundle so streams survive updates of every plugin; plugins reach it through the bundle-scoped
 * {@link StreamRegistryService}.
 */
@Component(service = StreamTable.class, immediate = true)
public final class StreamTable implements RegisteredStream.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(StreamTable.class);
    static final int DEFAULT_QUEUE = 500;
    /** Ended streams stay visible this long so clients can read why they ended. */
    static final Duration ENDED_RETENTION = Duration.ofSeconds(60);

    private record WhiteboardHandler(MediaHandler handler, String name, Filter target, int queue) {}

    private final GatewayEvents events;
    private final Map<String, RegisteredStream> streams = new ConcurrentHashMap<>();
    private final Map<ServiceReference<MediaHandler>, WhiteboardHandler> handlers = new ConcurrentHashMap<>();
    /** Whiteboard attachments per handler service, so they can be detached when it goes away. */
    private final Map<ServiceReference<MediaHandler>, Map<String, HandlerAttachment>> attached = new ConcurrentHashMap<>();
    private final ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("stream-table-housekeeping").daemon().factory());

    @Activate
    public StreamTable(@Reference GatewayEvents events) {
        this.events = events;
        housekeeping.scheduleWithFixedDelay(this::forgetEndedStreams, 5, 5, TimeUnit.SECONDS);
    }

    @Deactivate
    void deactivate() {
        housekeeping.shutdownNow();
        for (RegisteredStream s : streams.values()) s.fail("gateway core stopped");
    }

    /**
     * Ends every live stream with the reason (the gateway is shutting down): each ends as if its publisher had
     * ended it, so handlers finish and clients on {@code /sse} see why.
     *
     * @param reason why the streams end
     * @return how many streams were live
     */
    public int endAll(String reason) {
        int n = 0;
        for (RegisteredStream s : streams.values()) {
            if (s.state().isTerminal()) continue;
            s.end(reason);
            n++;
        }
        return n;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addHandler(MediaHandler handler, ServiceReference<MediaHandler> ref) {
        WhiteboardHandler wh;
        try {
            wh = new WhiteboardHandler(handler, handlerName(ref), targetFilter(ref), queueCapacity(ref));
        } catch (InvalidSyntaxException e) {
            LOG.error("Media handler {} has an invalid {} filter and is ignored: {}", handlerName(ref), MediaHandler.TARGET, e.getMessage());
            return;
        }
        handlers.put(ref, wh);
        attached.put(ref, new ConcurrentHashMap<>());
        for (RegisteredStream s : streams.values()) {
            if (!s.state().isTerminal()) attachWhiteboard(ref, wh, s);
        }
    }

    void removeHandler(MediaHandler handler, ServiceReference<MediaHandler> ref) {
        handlers.remove(ref);
        Map<String, HandlerAttachment> mine = attached.remove(ref);
        if (mine != null) mine.values().forEach(HandlerAttachment::close);
    }

    RegisteredStream open(StreamSpec spec) {
        String id = UUID.randomUUID().toString();
        RegisteredStream stream = new RegisteredStream(id, spec.origin(), spec.format(), spec.metadata(), this);
        streams.put(id, stream);
        LOG.info("Stream {} opened by {}", id, spec.origin());
        events.publish(GatewayEvent.now("stream-opened", StreamView.of(stream, List.of())));
        handlers.forEach((ref, wh) -> attachWhiteboard(ref, wh, stream));
        return stream;
    }

    Optional<LiveStream> find(String id) {
        return Optional.ofNullable(streams.get(id));
    }

    List<LiveStream> streams() {
        List<LiveStream> all = new ArrayList<>(streams.values());
        all.sort(Comparator.comparing(LiveStream::openedAt));
        return all;
    }

    List<AttachmentInfo> attachments(String id) {
        RegisteredStream s = streams.get(id);
        return s == null ? List.of() : s.attachmentInfos();
    }

    Attachment attach(String streamId, MediaHandler handler, String name) {
        RegisteredStream s = streams.get(streamId);
        if (s == null || s.state().isTerminal()) throw new StreamNotFoundException(streamId);
        MediaSession session;
        try {
            session = handler.attach(s);
        } catch (Exception e) {
            throw new MediaHandlerException("handler " + name + " failed to attach: " + e.getMessage(), e);
        }
        if (session == null) throw new MediaHandlerException("handler " + name + " declined stream " + streamId);
        HandlerAttachment[] self = new HandlerAttachment[1];
        self[0] = new HandlerAttachment(name, streamId, session, DEFAULT_QUEUE, () -> s.remove(self[0]));
        s.add(self[0]);
        return self[0];
    }

    private synchronized void attachWhiteboard(ServiceReference<MediaHandler> ref, WhiteboardHandler wh, RegisteredStream s) {
        if (wh.target() != null && !wh.target().matches(s.filterProperties())) return;
        Map<String, HandlerAttachment> mine = attached.get(ref);
        if (mine == null || mine.containsKey(s.id())) return;
        MediaSession session;
        try {
            session = wh.handler().attach(s);
        } catch (Throwable t) {
            LOG.warn("Media handler {} refused stream {}: {}", wh.name(), s.id(), t.toString());
            return;
        }
        if (session == null) return;
        HandlerAttachment[] self = new HandlerAttachment[1];
        self[0] = new HandlerAttachment(wh.name(), s.id(), session, wh.queue(), () -> {
            s.remove(self[0]);
            mine.remove(s.id(), self[0]);
        });
        mine.put(s.id(), self[0]);
        s.add(self[0]);
        LOG.debug("Media handler {} attached to stream {}", wh.name(), s.id());
    }

    @Override
    public void metadataChanged(RegisteredStream stream) {
        events.publish(GatewayEvent.now("stream-metadata", Map.of("id", stream.id(), "metadata", stream.metadata())));
    }

    @Override
    public void ended(RegisteredStream stream) {
        attached.values().forEach(m -> m.remove(stream.id()));
        String reason = stream.reason().orElse("");
        LOG.info("Stream {} {}: {}", stream.id(), stream.state().name().toLowerCase(), reason);
        events.publish(GatewayEvent.now("stream-ended", Map.of(
                "id", stream.id(), "origin", stream.origin(),
                "state", stream.state().name().toLowerCase(), "reason", reason)));
    }

    private void forgetEndedStreams() {
        Instant horizon = Instant.now().minus(ENDED_RETENTION);
        streams.values().removeIf(s -> s.endedAt() != null && s.endedAt().isBefore(horizon));
    }

    private static String handlerName(ServiceReference<?> ref) {
        Object name = ref.getProperty(MediaHandler.NAME);
        if (name != null) return name.toString();
        return ref.getBundle() == null ? "handler-" + ref.getProperty(Constants.SERVICE_ID) : ref.getBundle().getSymbolicName();
    }

    private static Filter targetFilter(ServiceReference<?> ref) throws InvalidSyntaxException {
        Object target = ref.getProperty(MediaHandler.TARGET);
        return target == null || target.toString().isBlank() ? null : FrameworkUtil.createFilter(target.toString());
    }

    private static int queueCapacity(ServiceReference<?> ref) {
        Object q = ref.getProperty(MediaHandler.QUEUE_CAPACITY);
        if (q instanceof Number n && n.intValue() > 0) return n.intValue();
        if (q instanceof String s) {
            try {
                return Math.max(1, Integer.parseInt(s.trim()));
            } catch (NumberFormatException ignored) {
                // fall through to the default
            }
        }
        return DEFAULT_QUEUE;
    }
}

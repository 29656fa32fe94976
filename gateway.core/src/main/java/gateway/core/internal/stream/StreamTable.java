package gateway.core.internal.stream;

import gateway.api.event.GatewayEvent;
import gateway.api.event.GatewayEvents;
import gateway.api.stream.AttachmentInfo;
import gateway.api.stream.LiveStream;
import gateway.api.stream.MediaHandler;
import gateway.api.stream.MediaHandlerException;
import gateway.api.stream.MediaSession;
import gateway.api.stream.StreamNotFoundException;
import gateway.api.stream.StreamRegistry;
import gateway.api.stream.StreamSpec;
import gateway.api.stream.StreamState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
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
 *
 * <p>No lock here is held while handler code runs: {@code open()} only starts each matching handler's
 * attachment thread, which calls the handler's {@code attach}; unregistering a handler waits (bounded) for
 * its sessions' final callbacks without holding anything {@code open()} needs.
 */
@Component(service = StreamTable.class, immediate = true)
public final class StreamTable implements RegisteredStream.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(StreamTable.class);
    static final int DEFAULT_QUEUE = StreamRegistry.DEFAULT_QUEUE_CAPACITY;
    /** Ended streams stay visible this long so clients can read why they ended. */
    static final Duration ENDED_RETENTION = Duration.ofSeconds(StreamRegistry.ENDED_RETENTION_SECONDS);
    /** Reason of the streams still live when the core itself stops. */
    static final String CORE_STOPPED = "gateway core stopped";

    private final GatewayEvents events;
    private final Map<String, RegisteredStream> streams = new ConcurrentHashMap<>();
    private final Map<ServiceReference<MediaHandler>, WhiteboardHandler> handlers = new ConcurrentHashMap<>();
    private final ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("stream-table-housekeeping").daemon().factory());

    @Activate
    public StreamTable(@Reference GatewayEvents events) {
        this.events = events;
        housekeeping.scheduleWithFixedDelay(this::forgetEndedStreams, 5, 5, TimeUnit.SECONDS);
    }

    /** Fails every live stream and gives the sessions their final callbacks (bounded) before the core goes. */
    @Deactivate
    void deactivate() {
        housekeeping.shutdownNow();
        List<HandlerAttachment> all = new ArrayList<>();
        for (RegisteredStream s : streams.values()) {
            s.terminate(StreamState.FAILED, CORE_STOPPED);
            all.addAll(s.attachmentList());
        }
        awaitFinal(all);
    }

    /**
     * Ends every live stream with the reason (the gateway is shutting down): each ends as if its publisher had
     * ended it, so clients on {@code /sse} see why, and waits (bounded) until their handlers have finished them.
     *
     * @param reason why the streams end
     * @return how many streams were live
     */
    public int endAll(String reason) {
        List<HandlerAttachment> all = new ArrayList<>();
        int n = 0;
        for (RegisteredStream s : streams.values()) {
            if (s.state().isTerminal()) continue;
            all.addAll(s.attachmentList());
            s.terminate(StreamState.ENDED, reason);
            n++;
        }
        awaitFinal(all); // handlers finish (a recording closes its file) before their plugins are stopped
        return n;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addHandler(MediaHandler handler, ServiceReference<MediaHandler> ref) {
        String name = handlerName(ref);
        WhiteboardHandler wh;
        try {
            wh = new WhiteboardHandler(handler, name, targetFilter(ref), whiteboardQueue(name, ref.getProperty(MediaHandler.QUEUE_CAPACITY)),
                    directDelivery(ref.getProperty(MediaHandler.DIRECT_DELIVERY)));
        } catch (InvalidSyntaxException e) {
            LOG.error("Media handler {} has an invalid {} filter and is ignored: {}", name, MediaHandler.TARGET, e.getMessage());
            return;
        }
        handlers.put(ref, wh);
        for (RegisteredStream s : streams.values()) {
            if (!s.state().isTerminal() && wh.matches(s.filterProperties())) wh.attachTo(s);
        }
    }

    /** Detaches the departing handler and waits, bounded, for its sessions' final callbacks. */
    void removeHandler(MediaHandler handler, ServiceReference<MediaHandler> ref) {
        WhiteboardHandler wh = handlers.remove(ref);
        if (wh != null) HandlerAttachment.detachAll("Media handler " + wh.name(), wh.retire());
    }

    Publisher open(StreamSpec spec) {
        String id = UUID.randomUUID().toString();
        RegisteredStream stream = new RegisteredStream(id, spec.origin(), spec.format(), spec.metadata(), this);
        streams.put(id, stream);
        LOG.info("Stream {} opened by {}", id, spec.origin());
        events.publish(GatewayEvent.now(StreamRegistry.STREAM_OPENED, StreamView.of(stream, List.of())));
        Map<String, Object> properties = stream.filterProperties();
        for (WhiteboardHandler wh : handlers.values()) {
            if (wh.matches(properties)) wh.attachTo(stream);
        }
        return new Publisher(stream);
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

    /**
     * A requested attachment: the handler's {@code attach} runs on the caller's thread, under no lock.
     *
     * @throws StreamNotFoundException if the stream is unknown or has ended
     * @throws MediaHandlerException   if the handler declined or threw
     */
    HandlerAttachment attach(String streamId, MediaHandler handler, String name, int capacity, boolean direct) {
        RegisteredStream s = streams.get(streamId);
        if (s == null || s.state().isTerminal()) throw new StreamNotFoundException(streamId);
        MediaSession session;
        try {
            session = handler.attach(s);
        } catch (Exception e) {
            throw new MediaHandlerException("handler " + name + " failed to attach to stream " + streamId + ": " + e.getMessage(), e);
        }
        if (session == null) throw new MediaHandlerException("handler " + name + " declined stream " + streamId);
        HandlerAttachment a = HandlerAttachment.requested(name, s, capacity, direct, session);
        s.add(a); // a stream that ended meanwhile gives the session its onEnd at once
        a.start();
        return a;
    }

    @Override
    public void metadataChanged(RegisteredStream stream) {
        events.publish(GatewayEvent.now(StreamRegistry.STREAM_METADATA, Map.of("id", stream.id(), "metadata", stream.metadata())));
    }

    @Override
    public void ended(RegisteredStream stream) {
        String reason = stream.reason().orElse("");
        LOG.info("Stream {} {}: {}", stream.id(), stream.state().label(), reason);
        events.publish(GatewayEvent.now(StreamRegistry.STREAM_ENDED, Map.of(
                "id", stream.id(), "origin", stream.origin(),
                "state", stream.state().label(), "reason", reason)));
    }

    private void forgetEndedStreams() {
        Instant horizon = Instant.now().minus(ENDED_RETENTION);
        for (RegisteredStream s : List.copyOf(streams.values())) {
            if (s.endedAt() != null && s.endedAt().isBefore(horizon)) {
                streams.remove(s.id());
                handlers.values().forEach(wh -> wh.forget(s.id()));
            }
        }
    }

    /** Waits, bounded, until ended streams' sessions have had their final callbacks. */
    private static void awaitFinal(List<HandlerAttachment> attachments) {
        long deadline = System.nanoTime() + HandlerAttachment.DETACH_TIMEOUT.toNanos();
        try {
            for (HandlerAttachment a : attachments) {
                if (!a.awaitFinished(deadline)) {
                    LOG.warn("Media handler {} had not finished stream {} within {} s of the core stopping",
                            a.handlerName(), a.streamId(), HandlerAttachment.DETACH_TIMEOUT.toSeconds());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String handlerName(ServiceReference<?> ref) {
        Object name = ref.getProperty(MediaHandler.NAME);
        if (name != null && !name.toString().isBlank()) return name.toString();
        return ref.getBundle() == null ? "handler-" + ref.getProperty(Constants.SERVICE_ID) : ref.getBundle().getSymbolicName();
    }

    private static Filter targetFilter(ServiceReference<?> ref) throws InvalidSyntaxException {
        Object target = ref.getProperty(MediaHandler.TARGET);
        return target == null || target.toString().isBlank() ? null : FrameworkUtil.createFilter(target.toString());
    }

    private static int whiteboardQueue(String handler, Object value) {
        if (value == null) return DEFAULT_QUEUE;
        OptionalInt q = queueCapacity(value);
        if (q.isPresent()) return q.getAsInt();
        LOG.warn("Media handler {}: {}={} is not a positive number; using {}", handler, MediaHandler.QUEUE_CAPACITY, value, DEFAULT_QUEUE);
        return DEFAULT_QUEUE;
    }

    /**
     * @param value a {@link MediaHandler#DIRECT_DELIVERY} property value, may be null
     * @return whether it asks for direct delivery: {@code Boolean.TRUE} or the string {@code "true"}
     */
    static boolean directDelivery(Object value) {
        return Boolean.TRUE.equals(value) || (value instanceof String s && "true".equalsIgnoreCase(s.trim()));
    }

    /**
     * @param value a {@link MediaHandler#QUEUE_CAPACITY} property value
     * @return the capacity, if the value is a positive number (a {@link Number}, or a decimal string)
     */
    static OptionalInt queueCapacity(Object value) {
        if (value instanceof Number n && n.longValue() > 0) return OptionalInt.of((int) Math.min(Integer.MAX_VALUE, n.longValue()));
        if (value instanceof String s) {
            try {
                int q = Integer.parseInt(s.trim());
                if (q > 0) return OptionalInt.of(q);
            } catch (NumberFormatException notANumber) {
                // not a capacity
            }
        }
        return OptionalInt.empty();
    }
}

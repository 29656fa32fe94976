package gateway.callstream.internal;

import gateway.api.event.GatewayEvent;
import gateway.api.event.GatewayEvents;
import gateway.api.stream.Attachment;
import gateway.api.stream.LiveStream;
import gateway.api.stream.StreamFormat;
import gateway.api.stream.StreamPublisher;
import gateway.api.stream.StreamRegistry;
import gateway.api.stream.StreamSpec;
import gateway.callstream.internal.websocket.WebSocketConnection;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import gateway.api.stream.MediaHandler;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The call stream service: the accounts, every stream (fork) of every call, and what they share — the decode
 * stage per call, the reply pacer, the callback client and the forks' WebSocket settings, the timers. The REST resource and the
 * outbound tap are thin users of it.
 *
 * <p>Hot swap: when the plugin stops, every stream ends with {@code StopStream} (error "the call stream plugin
 * stopped"), the WebSockets are closed, reply streams end; the calls themselves are not touched.
 */
@Component(service = CallStreamService.class, immediate = true, configurationPid = CallStreamService.PID)
@Designate(ocd = CallStreamService.Config.class)
public final class CallStreamService {
    private static final Logger LOG = LoggerFactory.getLogger(CallStreamService.class);
    /** Once per revision of the plugin: the choice does not change while the JVM runs. */
    private static final java.util.concurrent.atomic.AtomicBoolean CODECS_LOGGED = new java.util.concurrent.atomic.AtomicBoolean();
    static final String PID = "gateway.callstream";
    static final String ORIGIN = "callstream";
    /** Reply stream metadata: the call it answers. */
    static final String REPLY_CALL_KEY = "call";
    /** Reply stream metadata: the stream (fork) that plays into it, and the service it answers for. */
    static final String REPLY_STREAM_KEY = "callstream.stream", REPLY_SERVICE_KEY = "callstream.service";
    /** A call's metadata that its reply stream inherits: a recorded call gets its reply recorded too. */
    static final List<String> INHERITED_KEYS = List.of("event", "record");
    /** The handler name of a fork's attachment on /streams, followed by the stream id. */
    static final String ATTACHMENT_PREFIX = "callstream:";

    /** Configuration (PID {@code gateway.callstream}). */
    @ObjectClassDefinition(name = "Call stream", description = "Plivo's Audio Stream API: calls forked to WebSockets")
    public @interface Config {
        @AttributeDefinition(type = AttributeType.PASSWORD,
                description = "API accounts as auth_id:auth_token pairs, separated by commas; empty: one is generated into data/callstream.account")
        String accounts() default "";

        @AttributeDefinition(description = "Seconds of audio buffered per stream for a slow service before it is dropped (DegradedStream at 30/60/90 %)")
        int maxBufferSeconds() default 40;

        @AttributeDefinition(description = "Seconds between WebSocket pings (keep idle proxies open; no pong for 3 intervals drops the stream)")
        int pingIntervalSeconds() default 20;

        @AttributeDefinition(description = "Seconds a WebSocket connection attempt may take")
        int connectTimeoutSeconds() default 5;

        @AttributeDefinition(description = "Retries of the first connection before DroppedStream")
        int connectRetries() default 2;

        @AttributeDefinition(description = "Milliseconds between connection attempts")
        int retryDelayMillis() default 1000;

        @AttributeDefinition(description = "Seconds a status callback may take before it is given up")
        int callbackTimeoutSeconds() default 5;

        @AttributeDefinition(description = "Seconds of playAudio audio a bidirectional stream may queue")
        int maxPlayQueueSeconds() default 300;

        @AttributeDefinition(description = "Ended streams kept for GET and list requests")
        int history() default 1000;

        @AttributeDefinition(description = "Bytes of each WebSocket's kernel send buffer (0: the kernel's own, which grows up to net.ipv4.tcp_wmem's maximum on top of maxBufferSeconds)")
        int socketSendBufferBytes() default 32768;
    }

    private final StreamRegistry registry;
    private final GatewayEvents events;
    private final Config config;
    private final Accounts accounts;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1,
            Thread.ofPlatform().name("callstream-timers").daemon().factory());
    private final Pacer pacer = new Pacer();
    private final StatusCallbacks callbacks;
    private final CallStreamTotals totals;
    private final CallAudioBook audio;
    private final OutboundForks outbound = new OutboundForks();
    /** Every stream by id, live and recently ended. */
    private final Map<String, Fork> forks = new ConcurrentHashMap<>();
    private final ServiceRegistration<MediaHandler> outboundTap;

    @Activate
    public CallStreamService(@Reference StreamRegistry registry, @Reference GatewayEvents events, @Reference CallStreamTotals totals,
                             BundleContext context, Config config) {
        this.registry = registry;
        this.events = events;
        this.config = config;
        this.totals = totals;
        this.audio = new CallAudioBook(totals::countDecodeError);
        logCodecs();
        String data = context.getProperty("gateway.data");
        this.accounts = Accounts.of(config.accounts(), Path.of(data == null ? "data" : data));
        this.callbacks = new StatusCallbacks(http, Duration.ofSeconds(Math.max(1, config.callbackTimeoutSeconds())));
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(MediaHandler.TARGET, OutboundTap.TARGET);
        props.put(MediaHandler.NAME, "callstream-outbound");
        this.outboundTap = context.registerService(MediaHandler.class, new OutboundTap(this), props);
    }

    @Deactivate
    void deactivate() {
        outboundTap.unregister();
        List<Fork> live = forks.values().stream().filter(f -> !f.state().terminal()).toList();
        for (Fork f : live) f.stop(ForkEnding.PLUGIN_STOPPED, "the call stream plugin stopped");
        // the status callbacks of the streams just stopped go out before the plugin is gone (bounded)
        try {
            CompletableFuture.allOf(live.stream().map(Fork::callbacksDone).toArray(CompletableFuture[]::new)).get(3, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("Some status callbacks were still pending when the call stream plugin stopped");
        }
        pacer.close();
        audio.close();
        scheduler.shutdownNow();
        http.shutdown();
        if (!live.isEmpty()) LOG.info("Call stream plugin stopped; {} stream(s) ended", live.size());
    }

    // ---- API operations

    Accounts accounts() {
        return accounts;
    }

    /** @return the live streams of the registry: Plivo's live calls */
    List<LiveStream> liveCalls() {
        return registry.streams().stream().filter(s -> !s.state().isTerminal()).toList();
    }

    /**
     * Starts a stream on a live call.
     *
     * @throws CallNotFoundException   if the call is not live
     * @throws InvalidRequestException if a stream to the same URL (or a second bidirectional one) is active on it
     */
    synchronized Fork start(String accountId, String callId, StreamRequest request) {
        liveCall(callId).orElseThrow(() -> new CallNotFoundException(callId));
        for (Fork f : forks.values()) {
            if (!f.callId.equals(callId) || f.state().terminal()) continue;
            if (f.request.serviceUrl().equals(request.serviceUrl())) {
                throw new InvalidRequestException("a stream to " + request.serviceUrl() + " is already active on this call");
            }
            if (request.bidirectional() && f.request.bidirectional()) {
                throw new InvalidRequestException("a bidirectional stream is already active on this call (" + f.id + ")");
            }
        }
        Fork fork = new Fork(this, callId, accountId, request);
        forks.put(fork.id, fork);
        totals.countRequested();
        pruneHistory();
        publish(CallStreamEvents.REQUESTED, fork.view(null));
        fork.connect(1);
        return fork;
    }

    /**
     * @return the account's streams of a call, oldest first
     * @throws CallNotFoundException if the call is not live and the account never streamed it
     */
    List<Fork> streams(String accountId, String callId) {
        List<Fork> list = forks.values().stream().filter(f -> f.callId.equals(callId) && f.accountId.equals(accountId))
                .sorted(Comparator.comparing((Fork f) -> f.createdAt)).toList();
        if (list.isEmpty() && liveCall(callId).isEmpty()) throw new CallNotFoundException(callId);
        return list;
    }

    /**
     * @throws CallNotFoundException   if the call is unknown
     * @throws ForkNotFoundException if the call has no such stream of this account
     */
    Fork stream(String accountId, String callId, String streamId) {
        List<Fork> list = streams(accountId, callId);
        return list.stream().filter(f -> f.id.equals(streamId)).findFirst().orElseThrow(() -> new ForkNotFoundException(streamId));
    }

    /**
     * Stops one stream.
     *
     * @throws NoActiveStreamException if it is unknown or has ended
     */
    void stop(String accountId, String callId, String streamId) {
        Fork f = forks.get(streamId);
        if (f == null || !f.callId.equals(callId) || !f.accountId.equals(accountId) || f.state().terminal()) {
            if (f == null && liveCall(callId).isEmpty() && streamsOf(accountId, callId).isEmpty()) throw new CallNotFoundException(callId);
            throw new NoActiveStreamException();
        }
        f.stop(ForkEnding.REQUESTED, "stopped by request");
    }

    /**
     * Stops every active stream of the account on a call.
     *
     * @throws CallNotFoundException if the call is unknown
     */
    void stopAll(String accountId, String callId) {
        for (Fork f : streams(accountId, callId)) if (!f.state().terminal()) f.stop(ForkEnding.REQUESTED, "stopped by request");
    }

    private List<Fork> streamsOf(String accountId, String callId) {
        return forks.values().stream().filter(f -> f.callId.equals(callId) && f.accountId.equals(accountId)).toList();
    }

    private Optional<LiveStream> liveCall(String callId) {
        return registry.find(callId).filter(s -> !s.state().isTerminal());
    }

    // ---- what forks use

    /**
     * Attaches a fork to its call, as one attachment per fork, named {@code callstream:<stream_id>} on /streams.
     * Its packets are handed over directly on the call's publishing thread while its queue is empty: a fork's
     * {@code onPacket} never waits (the call's shared decoding, then a non-blocking socket write or a queued frame),
     * and so each packet of a call wakes no thread per fork.
     *
     * @throws gateway.api.stream.StreamNotFoundException if the call has ended
     * @throws gateway.api.stream.MediaHandlerException   if the session cannot be made
     */
    Attachment attach(Fork fork) {
        return registry.attach(fork.callId, fork::session, Map.of(MediaHandler.NAME, ATTACHMENT_PREFIX + fork.id,
                MediaHandler.QUEUE_CAPACITY, Fork.ATTACHMENT_QUEUE_PACKETS, MediaHandler.DIRECT_DELIVERY, Boolean.TRUE));
    }

    /** Opens the reply stream of a bidirectional fork and puts it on the pacer. */
    ReplyPlayer openReply(Fork fork) {
        Map<String, String> metadata = new HashMap<>();
        metadata.put(REPLY_CALL_KEY, fork.callId);
        metadata.put(REPLY_STREAM_KEY, fork.id);
        metadata.put(REPLY_SERVICE_KEY, fork.request.serviceUrl().toString());
        registry.find(fork.callId).ifPresent(call -> {
            for (String key : INHERITED_KEYS) {
                String v = call.metadata().get(key);
                if (v != null) metadata.put(key, v);
            }
        });
        StreamPublisher publisher = registry.open(new StreamSpec(ORIGIN, StreamFormat.OPUS_48K_MONO, metadata));
        ReplyPlayer player = new ReplyPlayer("reply " + publisher.stream().id() + " of stream " + fork.id, publisher,
                fork::checkpointPlayed, totals::countPlayed, Math.max(1, config.maxPlayQueueSeconds()));
        pacer.add(player);
        return player;
    }

    void closeReply(ReplyPlayer player, String reason) {
        pacer.remove(player);
        player.close(reason);
    }

    /** A fork has ended. */
    void ended(Fork fork) {
        pruneHistory();
    }

    private void pruneHistory() {
        List<Fork> ended = new ArrayList<>(forks.values().stream().filter(f -> f.state().terminal()).toList());
        int excess = ended.size() - Math.max(0, config.history());
        if (excess <= 0) return;
        ended.sort(Comparator.comparing(Fork::endedAt, Comparator.nullsFirst(Comparator.naturalOrder())));
        for (int i = 0; i < excess; i++) forks.remove(ended.get(i).id);
    }

    void publish(String type, Object data) {
        events.publish(GatewayEvent.now(type, data));
    }

    HttpClient http() {
        return http;
    }

    ScheduledExecutorService scheduler() {
        return scheduler;
    }

    StatusCallbacks callbacks() {
        return callbacks;
    }

    CallAudioBook audio() {
        return audio;
    }

    CallStreamTotals totals() {
        return totals;
    }

    /** @return the streams that have not ended, by state and format (for the metrics) */
    Map<ForkState, Map<MediaFormat, Integer>> countByStateAndFormat() {
        Map<ForkState, Map<MediaFormat, Integer>> m = new java.util.EnumMap<>(ForkState.class);
        for (Fork f : forks.values()) {
            ForkState s = f.state();
            if (!s.terminal()) m.computeIfAbsent(s, k -> new java.util.EnumMap<>(MediaFormat.class)).merge(f.request.format(), 1, Integer::sum);
        }
        return m;
    }

    /** Says once which Opus decoder and resampler the streams use, and why not the system's if not. */
    private static void logCodecs() {
        if (CODECS_LOGGED.getAndSet(true)) return;
        for (gateway.lib.opus.NativeLibrary lib : List.of(gateway.lib.opus.OpusPcmDecoder.nativeLibrary(), gateway.lib.opus.PcmResampler.nativeLibrary())) {
            if (lib.inUse()) LOG.info("Call streams use {} ({})", lib.implementation(), lib.library());
            else LOG.warn("Call streams use {}, not {}: {}", lib.implementation(), lib.library(), lib.problem());
        }
    }

    OutboundForks outbound() {
        return outbound;
    }

    Duration connectTimeout() {
        return Duration.ofSeconds(Math.max(1, config.connectTimeoutSeconds()));
    }

    int connectRetries() {
        return Math.max(0, config.connectRetries());
    }

    long retryDelayMillis() {
        return Math.max(0, config.retryDelayMillis());
    }

    Duration pingInterval() {
        return Duration.ofSeconds(Math.max(1, config.pingIntervalSeconds()));
    }

    int bufferSeconds() {
        return Math.max(1, config.maxBufferSeconds());
    }

    /** @return media messages per track the buffer holds */
    int bufferChunks() {
        return bufferSeconds() * 1000 / MediaFormat.CHUNK_MILLIS;
    }

    /** @return the longest message a service may send (a longer one is read past and reported) */
    int maxMessageBytes() {
        return 8 << 20;
    }

    /** @return how forks connect to their services */
    WebSocketConnection.Options socketOptions() {
        return new WebSocketConnection.Options(connectTimeout(), Math.max(0, config.socketSendBufferBytes()), maxMessageBytes(), null);
    }
}

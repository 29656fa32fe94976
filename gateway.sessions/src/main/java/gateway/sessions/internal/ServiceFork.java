package gateway.sessions.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gateway.api.processing.ProcessingContext;
import gateway.api.processing.ProcessorRun;
import gateway.api.processing.SessionOutputs;
import gateway.api.rooms.RoomService;
import gateway.api.stream.MediaPacket;
import gateway.api.stream.MediaSession;
import gateway.api.stream.StreamRegistry;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A {@code websocket} run: one WebSocket to the service for the run's life. The input (followed as it appears or
 * changes) is sent as {@code media} messages; what the service plays back is paced out every 20 ms, Opus-encoded,
 * into a stream (silence while nothing plays) that the stage's session output relays into the room: the output track.
 * When the stage goes on without this run (an update of this plugin, a restart or reconfiguration of the sessions
 * plugin) the run releases that output instead of closing it, and the stage's next run claims it again, so the
 * subscribers keep listening to the same track.
 * A service that cannot be reached, closes or breaks the socket fails the run (the session reports it).
 */
final class ServiceFork implements ProcessorRun, WebSocket.Listener {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Messages waiting to be sent beyond which media is dropped (a service that does not read). */
    private static final int MAX_PENDING = 100;

    private final ProcessingContext context;
    private final WebSocketProcessor.Settings settings;
    private final StreamRegistry registry;
    private final RoomService rooms;
    /** The outputs' service when the run started; null: it claims once one is there ({@link #outputsBack}). */
    private final SessionOutputs outputs;
    private final HttpClient http;
    private final ScheduledExecutorService clock;
    private final String streamId = UUID.randomUUID().toString();
    private final String identity;
    private final ForkReply reply = new ForkReply(WebSocketProcessor.MAX_REPLY_SECONDS);
    private final StringBuilder partial = new StringBuilder();
    private final PacedTrack output;
    /** The stage's output while this run holds one; null before the claim and while the outputs' service is away. */
    private volatile SessionOutputs.SessionOutput relay;
    /** Told once when the run stops. */
    private final Runnable ended;
    private WebSocket socket;
    private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);
    private int pending;
    private long sequence;
    private long chunk;
    private long dropped;
    private final FollowedStream input;
    private ScheduledFuture<?> watcher;
    private ScheduledFuture<?> timeout;
    private ScheduledFuture<?> pinger;
    private volatile long lastPongNanos = System.nanoTime();
    /** Media dropped since the last {@code websocket_media_dropped} event, and when that was sent. */
    private long droppedSinceReport;
    private long lastDropReportNanos;
    private volatile boolean stopped;
    private volatile boolean closed;

    ServiceFork(ProcessingContext context, WebSocketProcessor.Settings settings, StreamRegistry registry, RoomService rooms,
                SessionOutputs outputs, HttpClient http, ScheduledExecutorService clock, Runnable ended) {
        this.ended = ended;
        this.context = context;
        this.settings = settings;
        this.registry = registry;
        this.rooms = rooms;
        this.outputs = outputs;
        this.http = http;
        this.clock = clock;
        this.identity = "processor-websocket-" + streamId.substring(0, 8);
        this.output = new PacedTrack(rooms, context.room(), identity, reply, this::played, context::fail);
        this.input = new FollowedStream(registry, () -> context.input().map(ProcessingContext.Input::stream).orElse(null),
                live -> new Forwarder(new ForkInput(live.format().channels(), settings.sampleRate())),
                Map.of("gateway.media.name", "websocket " + context.sessionId(), "gateway.media.queue", 250));
    }

    /**
     * Opens the paced stream, has the stage's session output (the one a previous revision of this plugin released, or
     * a new one) relay it, and connects to the service (asynchronously).
     */
    void open() {
        output.openStream(registry, clock, "session-websocket",
                Map.of("session", context.sessionId(), "room", context.room(), "processor", WebSocketProcessor.NAME));
        SessionOutputs o = outputs;
        if (o != null) claim(o);
        connect(1);
    }

    /** The stage's key among the session outputs: stable across revisions of this plugin and of the sessions plugin. */
    private String outputKey() {
        return context.sessionId() + "/" + context.stage();
    }

    private void claim(SessionOutputs from) {
        SessionOutputs.SessionOutput o = from.claim(context.room(), outputKey(), "websocket");
        synchronized (this) {
            if (!closed && relay == null) {
                relay = o;
                o.follow(output.streamId());
                return;
            }
        }
        o.release(); // the run ended meanwhile (a release or a close decides the output's fate), or it has one already
    }

    /**
     * The session outputs' service went away (an update of gateway.sessions.outputs): the tracks it owned end with it,
     * so this run's output leaves the room ({@code output_tracks_changed} with none); the service goes on being forked,
     * and its replies are paced as before.
     */
    void outputsGone() {
        SessionOutputs.SessionOutput o;
        synchronized (this) {
            o = relay;
            relay = null;
        }
        if (o == null) return;
        o.close();
        tracksChanged("the session outputs' plugin stopped");
    }

    /** {@code output_tracks_changed}: the subscribers listen to another track now, or to none until the next one. */
    private void tracksChanged(String reason) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("stage", context.stage());
        e.put("output_tracks", outputTracks());
        e.put("reason", reason);
        context.event("output_tracks_changed", e);
    }

    /**
     * A session outputs' service is there again: the run claims a new output at once and tells the control sockets
     * and {@code /sse} which track the subscribers listen to now ({@code output_tracks_changed}).
     */
    void outputsBack(SessionOutputs from) {
        synchronized (this) {
            if (closed || relay != null) return;
        }
        try {
            claim(from);
        } catch (RuntimeException e) {
            context.fail("cannot publish its output again: " + e.getMessage());
            return;
        }
        tracksChanged("the session outputs' plugin started");
    }

    /** Dials the service: attempt 1, then up to {@code connect_retries} more, one second apart. */
    private void connect(int attempt) {
        if (closed) return;
        CompletableFuture<WebSocket> f;
        try {
            f = http.newWebSocketBuilder().connectTimeout(java.time.Duration.ofSeconds(WebSocketProcessor.CONNECT_TIMEOUT_SECONDS))
                    .buildAsync(settings.url(), this);
        } catch (RuntimeException e) {
            f = CompletableFuture.failedFuture(e);
        }
        f.orTimeout(WebSocketProcessor.CONNECT_TIMEOUT_SECONDS * 1000 + 1000, TimeUnit.MILLISECONDS).whenComplete((ws, e) -> {
            if (e != null) {
                if (closed) return;
                if (attempt <= settings.connectRetries()) {
                    context.event("websocket_retrying", Map.of("url", safeUrl(), "attempt", attempt, "error", rootMessage(e)));
                    try {
                        clock.schedule(() -> connect(attempt + 1), WebSocketProcessor.RETRY_DELAY_MILLIS, TimeUnit.MILLISECONDS);
                    } catch (java.util.concurrent.RejectedExecutionException stopping) {
                        // the processor stopped
                    }
                } else {
                    context.fail("cannot connect to " + safeUrl() + " after " + attempt + " attempt" + (attempt == 1 ? "" : "s") + ": " + rootMessage(e));
                }
                return;
            }
            synchronized (this) {
                if (closed) {
                    ws.sendClose(WebSocket.NORMAL_CLOSURE, "processor stopped");
                    return;
                }
                socket = ws;
                send(startMessage());
                // the API tells no one when the input appears or changes: the run looks a few times a second
                watcher = clock.scheduleWithFixedDelay(input::follow, 0, 200, TimeUnit.MILLISECONDS);
                timeout = clock.schedule(this::timedOut, settings.streamTimeoutSeconds(), TimeUnit.SECONDS);
                lastPongNanos = System.nanoTime();
                pinger = clock.scheduleAtFixedRate(this::ping, settings.pingIntervalSeconds(), settings.pingIntervalSeconds(), TimeUnit.SECONDS);
            }
            context.event("websocket_connected", Map.of("url", safeUrl(), "stream_id", streamId, "attempt", attempt));
        });
    }

    /** {@code stream_timeout} ran out: the input is no longer forked, the socket closes with 1000, the output goes silent. */
    private void timedOut() {
        WebSocket ws;
        synchronized (this) {
            if (closed || stopped) return;
            stopped = true;
            ws = socket;
            if (watcher != null) watcher.cancel(false);
            if (pinger != null) pinger.cancel(false);
        }
        input.close();
        if (ws != null) ws.sendClose(WebSocket.NORMAL_CLOSURE, "stream_timeout reached").exceptionally(x -> null);
        context.event("websocket_stream_timeout", Map.of("url", safeUrl(), "stream_id", streamId, "seconds", settings.streamTimeoutSeconds()));
    }

    /** Keeps idle proxies open and notices a service that stopped answering: no pong for three intervals fails the run. */
    private void ping() {
        WebSocket ws = socket;
        if (ws == null || closed || stopped) return;
        long silentNanos = System.nanoTime() - lastPongNanos;
        if (silentNanos > TimeUnit.SECONDS.toNanos(settings.pingIntervalSeconds()) * 3) {
            synchronized (this) {
                if (pinger != null) pinger.cancel(false);
            }
            context.fail("no pong from " + safeUrl() + " for " + TimeUnit.NANOSECONDS.toSeconds(silentNanos) + " s");
            return;
        }
        try {
            ws.sendPing(ByteBuffer.wrap(streamId.substring(0, 8).getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        } catch (IllegalStateException previousPingOutstanding) {
            // the previous ping is still being written: the socket does not drain; the next interval looks again
        }
    }

    @Override
    public CompletionStage<?> onPong(WebSocket ws, ByteBuffer message) {
        lastPongNanos = System.nanoTime();
        ws.request(1);
        return null;
    }

    @Override
    public List<String> outputTracks() {
        SessionOutputs.SessionOutput o = relay;
        String t = o == null ? null : o.trackSid();
        return t == null ? List.of() : List.of(t);
    }

    /** The URL without its query (which may carry the service's credentials). */
    private String safeUrl() {
        java.net.URI u = settings.url();
        return u.getScheme() + "://" + u.getAuthority() + (u.getPath() == null ? "" : u.getPath());
    }

    private String startMessage() {
        Map<String, Object> start = new LinkedHashMap<>();
        start.put("callId", context.sessionId());
        start.put("streamId", streamId);
        start.put("accountId", "");
        start.put("tracks", List.of("inbound"));
        start.put("mediaFormat", Map.of("encoding", settings.encoding(), "sampleRate", settings.sampleRate()));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("event", "start");
        m.put("sequenceNumber", sequence++);
        m.put("start", start);
        if (settings.extraHeaders() != null) m.put("extra_headers", settings.extraHeaders());
        return write(m);
    }

    /** Sends a text frame after the ones before it; the java.net.http WebSocket takes one send at a time. */
    private synchronized void send(String text) {
        WebSocket ws = socket;
        if (ws == null || closed) return;
        pending++;
        sending = sending.handle((v, e) -> null).thenCompose(v -> ws.sendText(text, true)).whenComplete((v, e) -> {
            synchronized (this) {
                pending--;
            }
        });
    }

    /** Sends the input's packets as {@code media} messages; on the attachment's thread. */
    private final class Forwarder implements MediaSession {
        private final ForkInput in;
        private final byte[] packet = new byte[4000];

        Forwarder(ForkInput in) {
            this.in = in;
        }

        @Override
        public void onPacket(MediaPacket p) {
            ByteBuffer b = p.payload().duplicate();
            int n = Math.min(b.remaining(), packet.length);
            b.get(packet, 0, n);
            in.accept(packet, 0, n, ServiceFork.this::media);
        }

        @Override
        public void onEnd(gateway.api.stream.StreamState state, String reason) {
            in.close();
        }

        @Override
        public void onDetached() {
            in.close();
        }
    }

    private void media(byte[] pcm) {
        boolean mulaw = WebSocketProcessor.MULAW.equals(settings.encoding());
        String text;
        synchronized (this) {
            if (stopped) return;
            if (pending > MAX_PENDING) {
                dropped++;
                droppedSinceReport++;
                long now = System.nanoTime();
                // reported at most once a second: the control clients and /sse see that the service stopped reading
                if (lastDropReportNanos == 0 || now - lastDropReportNanos >= 1_000_000_000L) {
                    Map<String, Object> e = new LinkedHashMap<>();
                    e.put("url", safeUrl());
                    e.put("stream_id", streamId);
                    e.put("dropped", droppedSinceReport);
                    e.put("dropped_total", dropped);
                    e.put("pending", pending);
                    droppedSinceReport = 0;
                    lastDropReportNanos = now;
                    clock.execute(() -> context.event("websocket_media_dropped", e));
                }
                return;
            }
            long c = ++chunk;
            text = "{\"event\":\"media\",\"sequenceNumber\":" + sequence++ + ",\"streamId\":\"" + streamId + "\",\"media\":{\"track\":\"inbound\",\"timestamp\":\""
                    + System.currentTimeMillis() + "\",\"chunk\":" + c + ",\"payload\":\"" + Base64.getEncoder().encodeToString(mulaw ? MuLaw.fromLinear(pcm) : pcm) + "\"}"
                    + (settings.extraHeaders() == null ? "" : ",\"extra_headers\":" + write(settings.extraHeaders())) + "}";
        }
        send(text);
    }

    /** Answers the checkpoints the output reached with {@code playedStream}; on the pacer's thread. */
    private void played(List<String> names) {
        for (String name : names) {
            send(write(Map.of("event", "playedStream", "sequenceNumber", nextSequence(), "streamId", streamId, "name", name)));
        }
    }

    private synchronized long nextSequence() {
        return sequence++;
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        partial.append(data);
        if (partial.length() > 4 << 20) {
            partial.setLength(0);
            context.event("websocket_error", Map.of("desc", "a message longer than 4 MiB was dropped"));
        } else if (last) {
            String text = partial.toString();
            partial.setLength(0);
            received(text);
        }
        ws.request(1);
        return null;
    }

    /** One message from the service; a malformed one is reported as an event and skipped. */
    private void received(String text) {
        JsonNode m;
        try {
            m = JSON.readTree(text);
        } catch (java.io.IOException e) {
            context.event("websocket_error", Map.of("desc", "not JSON: " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage())));
            return;
        }
        String event = m.path("event").asText("");
        switch (event) {
            case "playAudio" -> {
                JsonNode media = m.path("media");
                String type = media.path("contentType").asText("");
                int rate = media.path("sampleRate").asInt(0);
                boolean l16 = WebSocketProcessor.L16.equals(type) && (rate == 8000 || rate == 16000);
                boolean mulaw = WebSocketProcessor.MULAW.equals(type) && rate == 8000;
                if (!l16 && !mulaw) {
                    context.event("websocket_error", Map.of("desc", "playAudio needs contentType audio/x-l16 at 8000 or 16000 Hz or audio/x-mulaw at 8000 Hz, got "
                            + type + " at " + rate));
                    return;
                }
                byte[] pcm;
                try {
                    pcm = Base64.getDecoder().decode(media.path("payload").asText(""));
                    if (mulaw) pcm = MuLaw.toLinear(pcm);
                    if (!reply.add(pcm, rate)) {
                        context.event("websocket_error", Map.of("desc", "playAudio beyond " + WebSocketProcessor.MAX_REPLY_SECONDS + " s of queued audio was dropped"));
                    }
                } catch (IllegalArgumentException e) {
                    context.event("websocket_error", Map.of("desc", "playAudio's payload: " + e.getMessage()));
                }
            }
            case "checkpoint" -> reply.checkpoint(m.path("name").asText(""));
            case "clearAudio" -> {
                reply.clear();
                send(write(Map.of("event", "clearedAudio", "sequenceNumber", nextSequence(), "streamId", streamId)));
            }
            default -> context.event("websocket_error", Map.of("desc", "unknown event '" + event + "'"));
        }
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
        if (!closed && !stopped) context.fail("the service closed the WebSocket (" + statusCode + (reason.isEmpty() ? "" : " " + reason) + ")");
        return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
        if (!closed && !stopped) context.fail("the WebSocket to " + safeUrl() + " broke: " + rootMessage(error));
    }

    @Override
    public void close() {
        stop(false);
    }

    /** The stage goes on (the next run of it claims the output again): the output is released, not closed. */
    @Override
    public void release() {
        stop(true);
    }

    private void stop(boolean release) {
        WebSocket ws;
        SessionOutputs.SessionOutput o;
        synchronized (this) {
            if (closed) return;
            closed = true;
            o = relay;
            relay = null;
            ws = socket;
            if (watcher != null) watcher.cancel(false);
            if (timeout != null) timeout.cancel(false);
            if (pinger != null) pinger.cancel(false);
        }
        input.close();
        if (ws != null) ws.sendClose(WebSocket.NORMAL_CLOSURE, "processor stopped").exceptionally(e -> null);
        if (o != null) {
            if (release) o.release();
            else o.close();
        }
        output.close();
        reply.close();
        ended.run();
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String rootMessage(Throwable e) {
        while (e.getCause() != null) e = e.getCause();
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}

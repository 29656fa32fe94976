package gateway.callstream.internal;

import gateway.api.stream.Attachment;
import gateway.api.stream.LiveStream;
import gateway.api.stream.MediaHandlerException;
import gateway.api.stream.MediaPacket;
import gateway.api.stream.MediaSession;
import gateway.api.stream.StreamNotFoundException;
import gateway.api.stream.StreamState;
import gateway.callstream.internal.websocket.WebSocketConnection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One audio stream of a call to a WebSocket service (what Plivo calls a stream): dials the service (the first
 * connect is retried twice), sends {@code start}, then the call's audio as 20 ms {@code media} messages, and
 * on a bidirectional stream plays what the service sends back into a reply stream. It ends when stopped, when
 * {@code stream_timeout} runs out, when the socket closes or breaks, when the receiver is too slow, or when
 * the call ends, and says so in a status callback and on {@code /sse}.
 *
 * <p>Threads: media arrives on the fork's attachment thread (inbound) and the outbound tap's thread; server
 * messages on the WebSocket's reader thread; timers on the plugin's scheduler. Message numbering is guarded
 * by this object; sending never blocks ({@link ForkSender}).
 */
final class Fork implements WebSocketConnection.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(Fork.class);
    /** Packets a fork's attachment queues (10 s of 20 ms Opus): its own 40 s buffer comes after the decode. */
    static final int ATTACHMENT_QUEUE_PACKETS = 500;

    final String id = UUID.randomUUID().toString();
    final String callId;
    final String accountId;
    final StreamRequest request;
    final Instant createdAt = Instant.now();
    private final CallStreamService service;
    private final ForkMessages messages;
    private final AtomicReference<ForkState> state = new AtomicReference<>(ForkState.CONNECTING);
    private volatile Instant startedAt;
    private volatile Instant endedAt;
    private volatile String endReason;
    private volatile ForkSender sender;
    private volatile WebSocketConnection socket;
    private volatile Attachment attachment;
    private volatile ReplyPlayer player;
    private volatile ScheduledFuture<?> timeout;
    private volatile ScheduledFuture<?> ping;
    private volatile long lastPongNanos = System.nanoTime();
    private volatile CallAudio inboundAudio;
    private long sequence;
    private long inboundChunks;
    private long outboundChunks;
    private long invalidMessages;
    /** The last packet sequence the session saw: a gap is packets the attachment queue dropped. */
    private long lastPacket = -1;
    private CompletableFuture<Void> callbacks = CompletableFuture.completedFuture(null);
    /**
     * Messages the service sent before the fork was ready for them (it may answer {@code start} at once, before the
     * reply stream is open): handled in order once it is; {@code null} from then on. Guarded by this.
     */
    private List<String> early = new ArrayList<>();
    /** At most this many early messages are kept (the service has no reason to send more before the audio). */
    private static final int EARLY_MESSAGES = 64;

    Fork(CallStreamService service, String callId, String accountId, StreamRequest request) {
        this.service = service;
        this.callId = callId;
        this.accountId = accountId;
        this.request = request;
        this.messages = new ForkMessages(id, request.extraHeadersForMessages());
    }

    ForkState state() {
        return state.get();
    }

    Instant startedAt() {
        return startedAt;
    }

    Instant endedAt() {
        return endedAt;
    }

    String endReason() {
        return endReason;
    }

    /** @return the reply stream's id while a bidirectional fork plays into the call, else {@code null} */
    String replyStreamId() {
        ReplyPlayer p = player;
        return p == null ? null : p.streamId();
    }

    synchronized long[] counters() {
        return new long[] {inboundChunks, outboundChunks, invalidMessages};
    }

    // ---- connecting

    /** Dials the service; attempt 1, then up to {@code retries} more. */
    void connect(int attempt) {
        if (state.get() != ForkState.CONNECTING) return;
        CompletableFuture<WebSocketConnection> f = WebSocketConnection.connect(request.serviceUrl(), service.socketOptions(), this);
        f.orTimeout(service.connectTimeout().toMillis() + 1_000, TimeUnit.MILLISECONDS).whenComplete((ws, error) -> {
            if (error == null) {
                connected(ws);
                return;
            }
            Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null ? error.getCause() : error;
            if (attempt <= service.connectRetries()) {
                LOG.info("Stream {}: connecting to {} failed ({}), retrying", id, request.serviceUrl(), describe(cause));
                service.scheduler().schedule(() -> connect(attempt + 1), service.retryDelayMillis(), TimeUnit.MILLISECONDS);
            } else {
                stop(ForkEnding.CONNECT_FAILED, "could not connect to " + request.serviceUrl() + " after " + attempt + " attempts: " + describe(cause));
            }
        });
    }

    private void connected(WebSocketConnection ws) {
        socket = ws;
        if (state.get() != ForkState.CONNECTING) {
            ws.abort();
            return;
        }
        int tracks = request.track() == Track.BOTH ? 2 : 1;
        sender = new ForkSender(ws, messages, service.bufferChunks() * tracks, new SenderEvents());
        synchronized (this) {
            sender.offer(messages.start(++sequence, callId, accountId, request.track(), request.format()));
        }
        if (request.track().includesInbound()) inboundAudio = service.audio().acquire(callId, request.format());
        if (!state.compareAndSet(ForkState.CONNECTING, ForkState.STREAMING)) {
            releaseAudio();
            ws.abort();
            return;
        }
        startedAt = Instant.now();
        try {
            attachment = service.attach(this);
        } catch (StreamNotFoundException e) {
            stop(ForkEnding.CALL_ENDED, "the call ended before the stream started");
            return;
        } catch (MediaHandlerException e) {
            stop(ForkEnding.CALL_ENDED, "the call cannot be read: " + e.getMessage());
            return;
        }
        if (request.track().includesOutbound()) service.outbound().add(this);
        if (request.bidirectional()) {
            try {
                player = service.openReply(this);
            } catch (RuntimeException e) {
                LOG.warn("Stream {}: cannot open its reply stream: {}", id, e.toString());
            }
        }
        timeout = service.scheduler().schedule(() -> stop(ForkEnding.TIMEOUT, "stream_timeout of " + request.timeoutSeconds() + " s reached"),
                request.timeoutSeconds(), TimeUnit.SECONDS);
        lastPongNanos = System.nanoTime(); // silence is counted from the connection, not from the request before it
        long pingMillis = service.pingInterval().toMillis();
        ping = service.scheduler().scheduleAtFixedRate(this::ping, pingMillis, pingMillis, TimeUnit.MILLISECONDS);
        LOG.info("Stream {} of call {} streams to {} ({}, {}{})", id, callId, request.serviceUrl(), request.format().contentType(),
                request.track().wire(), request.bidirectional() ? ", bidirectional" : "");
        callback(StatusCallbackEvent.START_STREAM, "");
        service.publish(CallStreamEvents.STARTED, view(null));
        synchronized (this) { // the reader thread waits meanwhile, so the messages stay in order
            List<String> pending = early;
            early = null;
            for (String text : pending) handle(text);
        }
    }

    private void ping() {
        WebSocketConnection ws = socket;
        if (ws == null || state.get() != ForkState.STREAMING) return;
        long silentNanos = System.nanoTime() - lastPongNanos;
        if (silentNanos > service.pingInterval().toNanos() * 3) {
            stop(ForkEnding.SOCKET_ENDED, "no pong from the service for " + silentNanos / 1_000_000_000 + " s");
            return;
        }
        ws.ping(java.util.Arrays.copyOf(id.getBytes(java.nio.charset.StandardCharsets.US_ASCII), 8));
    }

    // ---- media out

    /** The session that receives the call's packets on the fork's attachment. */
    MediaSession session(LiveStream call) {
        return new MediaSession() {
            @Override
            public void onPacket(MediaPacket packet) {
                CallAudio audio = inboundAudio;
                if (audio == null || state.get() != ForkState.STREAMING) return;
                if (lastPacket >= 0 && packet.sequence() > lastPacket + 1) {
                    service.totals().countMissing(packet.sequence() - lastPacket - 1); // dropped by the attachment queue
                }
                lastPacket = packet.sequence();
                List<CallAudio.Chunk> chunks = audio.chunks(packet, request.format());
                if (chunks.isEmpty() && packet.durationMicros() >= MediaFormat.CHUNK_MILLIS * 1000L) {
                    service.totals().countMissing(1); // too far behind the call's other forks: its audio is gone
                }
                for (int i = 0; i < chunks.size(); i++) sendMedia(Track.INBOUND, chunks.get(i)); // no iterator per packet
            }

            @Override
            public void onEnd(StreamState s, String reason) {
                stop(ForkEnding.CALL_ENDED, "the call ended (" + reason + ")");
            }

            @Override
            public void onDetached() {
                stop(ForkEnding.PLUGIN_STOPPED, "the call stream plugin stopped");
            }
        };
    }

    /** Sends one chunk of a track (inbound or outbound). */
    synchronized void sendMedia(Track track, CallAudio.Chunk chunk) {
        ForkSender s = sender;
        if (s == null || state.get() != ForkState.STREAMING) return;
        long n = track == Track.OUTBOUND ? ++outboundChunks : ++inboundChunks;
        if (!s.offerMedia(++sequence, track, chunk.arrivalMillis(), n, chunk.payload())) {
            service.totals().countMissing(1);
        }
    }

    private synchronized void sendPlayed(String name) {
        ForkSender s = sender;
        if (s != null && state.get() == ForkState.STREAMING) s.offer(messages.playedStream(++sequence, name));
    }

    private synchronized void sendCleared() {
        ForkSender s = sender;
        if (s != null && state.get() == ForkState.STREAMING) s.offer(messages.clearedAudio(++sequence));
    }

    /** Called by the reply player on the pacer thread. */
    void checkpointPlayed(String name) {
        sendPlayed(name);
    }

    // ---- WebSocket listener (the service's side)

    @Override
    public void onText(String text) {
        synchronized (this) {
            if (early != null) {
                if (state.get().terminal()) return; // ended before it started
                if (early.size() < EARLY_MESSAGES) early.add(text);
                else rejected("more than " + EARLY_MESSAGES + " messages before the stream started");
                return;
            }
        }
        handle(text);
    }

    @Override
    public void onBinary(byte[] data) {
        rejected("a binary message (the protocol uses JSON text messages)");
    }

    @Override
    public void onOversized(long bytes) {
        rejected("a message of " + bytes + " bytes, longer than " + service.maxMessageBytes());
    }

    @Override
    public void onPong(byte[] data) {
        lastPongNanos = System.nanoTime();
    }

    @Override
    public void onClose(int statusCode, String reason) {
        if (statusCode == WebSocketConnection.CLOSED_ABNORMALLY) stop(ForkEnding.SOCKET_ENDED, "the WebSocket broke: the connection ended without a close frame (1006)");
        else stop(ForkEnding.SOCKET_ENDED, "the service closed the WebSocket (" + statusCode + (reason == null || reason.isEmpty() ? "" : " " + reason) + ")");
    }

    @Override
    public void onError(Throwable error) {
        stop(ForkEnding.SOCKET_ENDED, "the WebSocket broke: " + describe(error));
    }

    private void handle(String text) {
        if (state.get() != ForkState.STREAMING) return;
        ServerMessage m;
        try {
            m = ServerMessage.parse(text);
            if (!request.bidirectional()) throw new ServerMessage.InvalidMessageException("'" + eventOf(m) + "' on a stream that is not bidirectional");
            ReplyPlayer p = player;
            if (p == null || p.ended()) throw new ServerMessage.InvalidMessageException("the reply stream has ended");
            switch (m) {
                case ServerMessage.PlayAudio a -> p.play(a.samples(), a.sampleRate());
                case ServerMessage.Checkpoint c -> p.checkpoint(c.name());
                case ServerMessage.ClearAudio c -> {
                    p.clear();
                    sendCleared();
                }
            }
        } catch (ServerMessage.InvalidMessageException e) {
            rejected(e.getMessage());
        }
    }

    private static String eventOf(ServerMessage m) {
        return switch (m) {
            case ServerMessage.PlayAudio a -> ServerMessage.PLAY_AUDIO;
            case ServerMessage.Checkpoint c -> ServerMessage.CHECKPOINT;
            case ServerMessage.ClearAudio c -> ServerMessage.CLEAR_AUDIO;
        };
    }

    private void rejected(String why) {
        synchronized (this) {
            invalidMessages++;
        }
        service.totals().countRejected();
        LOG.info("Stream {}: ignored a message from the service: {}", id, why);
        Map<String, Object> data = view(null);
        data.put("error", why);
        service.publish(CallStreamEvents.MESSAGE_REJECTED, data);
        callback(StatusCallbackEvent.STREAM_ERROR, "invalid message from the service: " + why);
    }

    // ---- ending

    /** Ends the fork (idempotent): detaches, closes the socket, ends the reply stream, reports why. */
    void stop(ForkEnding ending, String reason) {
        ForkState before = state.getAndUpdate(s -> s.terminal() ? s : ending.state);
        if (before.terminal()) return;
        endedAt = Instant.now();
        endReason = reason;
        if (timeout != null) timeout.cancel(false);
        if (ping != null) ping.cancel(false);
        Attachment a = attachment;
        if (a != null) a.close();
        service.outbound().remove(this);
        releaseAudio();
        ReplyPlayer p = player;
        if (p != null) service.closeReply(p, "stream " + id + " ended: " + reason);
        WebSocketConnection ws = socket;
        ForkSender s = sender;
        if (ws != null) {
            if (ending.graceful() && s != null) {
                s.closeAfterDrain(WebSocketConnection.NORMAL_CLOSURE, "stream stopped").orTimeout(2, TimeUnit.SECONDS)
                        .whenComplete((v, e) -> {
                            if (e != null) ws.abort();
                        });
            } else {
                ws.abort();
            }
        }
        // every stream that a client could have seen start ends with exactly one StopStream or DroppedStream
        if (before == ForkState.STREAMING || ending == ForkEnding.CONNECT_FAILED) callback(ending.callbackEvent(), reason);
        service.totals().countEnded(ending);
        LOG.info("Stream {} of call {} {}: {}", id, callId, ending.state.wire(), reason);
        Map<String, Object> data = view(ending.callbackEvent());
        service.publish(CallStreamEvents.ENDED, data);
        service.ended(this);
    }

    private void releaseAudio() {
        CallAudio audio = inboundAudio;
        inboundAudio = null;
        if (audio != null) service.audio().release(callId, request.format());
    }

    /** @return completes once every status callback of this fork so far has been answered or given up */
    synchronized CompletableFuture<Void> callbacksDone() {
        return callbacks;
    }

    private synchronized void callback(StatusCallbackEvent event, String error) {
        if (request.callbackUrl() == null) return;
        Map<String, String> params = new LinkedHashMap<>();
        params.put("CallUUID", callId);
        params.put("StreamID", id);
        params.put("ServiceURL", request.serviceUrl().toString());
        params.put("Event", event.wire());
        params.put("Error", error == null ? "" : error);
        params.put("Timestamp", Times.plivo(Instant.now()));
        // in order per stream (StartStream before StopStream), never on the media path
        callbacks = callbacks.thenCompose(v -> service.callbacks().send(request.callbackUrl(), request.callbackMethod(), params));
    }

    /** The fork as events show it. */
    Map<String, Object> view(StatusCallbackEvent event) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("stream_id", id);
        m.put("call_uuid", callId);
        m.put("service_url", request.serviceUrl().toString());
        m.put("state", state.get().wire());
        if (event != null) m.put("event", event.wire());
        if (endReason != null) m.put("reason", endReason);
        String reply = replyStreamId();
        if (reply != null) m.put("reply_stream", reply);
        long[] c = counters();
        m.put("chunks", Map.of("inbound", c[0], "outbound", c[1]));
        return m;
    }

    private static String describe(Throwable t) {
        String m = t.getMessage();
        return t.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m);
    }

    private final class SenderEvents implements ForkSender.Listener {
        @Override
        public void degraded(int percent, long bufferedMillis) {
            String why = "the service reads too slowly: " + percent + " % of the " + service.bufferSeconds() + " s buffer is full";
            LOG.info("Stream {}: {}", id, why);
            service.totals().countDegraded();
            Map<String, Object> data = view(StatusCallbackEvent.DEGRADED_STREAM);
            data.put("buffer_percent", percent);
            service.publish(CallStreamEvents.DEGRADED, data);
            callback(StatusCallbackEvent.DEGRADED_STREAM, why);
        }

        @Override
        public void overflow(long bufferedMillis) {
            service.scheduler().execute(() -> stop(ForkEnding.TOO_SLOW,
                    "the service read too slowly: the " + service.bufferSeconds() + " s buffer is full"));
        }

        @Override
        public void sent(Track track, int length, long arrivalMillis) {
            service.totals().countSent(track, length, System.currentTimeMillis() - arrivalMillis);
        }
    }

    @Override
    public String toString() {
        return "stream " + id + " of call " + callId;
    }
}

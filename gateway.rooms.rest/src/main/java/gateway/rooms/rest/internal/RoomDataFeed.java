package gateway.rooms.rest.internal;

import gateway.api.http.ProblemException;
import gateway.api.rooms.AccessClaims;
import gateway.api.rooms.AccessTokens;
import gateway.api.rooms.InvalidTokenException;
import gateway.api.rooms.DataMessage;
import gateway.api.rooms.RoomException;
import gateway.api.rooms.RoomListener;
import gateway.api.rooms.RoomService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.ws.rs.GET;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.sse.OutboundSseEvent;
import javax.ws.rs.sse.Sse;
import javax.ws.rs.sse.SseEventSink;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * A participant's data feed, {@code GET /rtc/room/data} (Server-Sent Events) with the participant's access token:
 * the data sent to it ({@code send-data}, {@code SendData}) arrives as {@code data} events, and an {@code ended} event
 * closes the feed when the participant's session ends. The participant must be in the room (joined by WHIP).
 *
 * <p>An SSE response belongs to the plugin that serves it, so an update of this plugin closes every feed; the
 * messages are kept by the rooms service (the last 256 per participant, with increasing ids), and a client that
 * reconnects with {@code Last-Event-ID} gets what it missed before anything new.
 */
@Component(service = RoomDataFeed.class)
@JaxrsResource
@JSONRequired
@Path("/rtc/room/data")
public final class RoomDataFeed {
    /** Unwritten events after which a feed that does not read is closed. */
    static final int MAX_PENDING = 256;
    private final RoomService rooms;
    private final AccessTokens tokens;
    private final Set<Feed> feeds = ConcurrentHashMap.newKeySet();

    @Activate
    public RoomDataFeed(@Reference RoomService rooms, @Reference AccessTokens tokens) {
        this.rooms = rooms;
        this.tokens = tokens;
    }

    @Deactivate
    void deactivate() {
        // no "ended" event: the participant's session goes on, and its client reconnects with Last-Event-ID for what
        // was sent meanwhile (the rooms service keeps it)
        feeds.forEach(Feed::close);
    }

    /**
     * @param authorization {@code Bearer <participant token>}
     * @param sink          the client's event sink
     * @param sse           the SSE factory
     */
    @Operation(summary = "A participant's data feed (Server-Sent Events)",
            description = "With the participant's access token as bearer token (room and identity from it; the participant must be "
                    + "in the room, e.g. publishing over `/rtc/room/whip`): a `: connected` comment, then one `data` event per message "
                    + "sent to it, `{\"topic\", \"payload\" (base64), \"text\" (when UTF-8), \"fromServer\"}`, and an `ended` event "
                    + "when its session ends (removed, room deleted, left). Each `data` event has an `id`: a client that reconnects "
                    + "(the feed also closes, without `ended`, when this plugin is updated) sends the last one as `Last-Event-ID` "
                    + "and first gets what was sent to the participant after it (the rooms keep the last 256 messages per participant).",
            responses = {
                @ApiResponse(responseCode = "200", description = "The feed, open until the session ends or the client disconnects",
                        content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS, examples = @ExampleObject(value = ": connected\n\n"
                                + "event: data\ndata: {\"topic\":\"chat\",\"payload\":\"eyJzb21lIjoiZGF0YSJ9\",\"text\":\"{\\\"some\\\":\\\"data\\\"}\",\"fromServer\":true}\n\n"))),
                @ApiResponse(responseCode = "401", description = "No token, or one the API key and secret do not verify, or expired"),
                @ApiResponse(responseCode = "403", description = "The token does not name a room and an identity"),
                @ApiResponse(responseCode = "404", description = "The participant is not in the room")})
    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void feed(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                     @Parameter(description = "The id of the last `data` event the client has, when it reconnects: the messages sent "
                             + "to the participant after it (up to the last 256 kept per participant) come first")
                     @HeaderParam("Last-Event-ID") String lastEventId,
                     @Context SseEventSink sink, @Context Sse sse) {
        AccessClaims claims;
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new ProblemException(401, "Unauthorized", "'Authorization: Bearer <participant access token>' is required");
        }
        try {
            claims = tokens.verify(authorization.substring(7).trim());
        } catch (InvalidTokenException e) {
            throw new ProblemException(401, "Unauthorized", "invalid token: " + e.getMessage());
        }
        if (!claims.video().roomJoin() || claims.video().room() == null || claims.identity() == null) {
            throw new ProblemException(403, "Forbidden", "the token does not grant joining a room (roomJoin, room, sub)");
        }
        long after = -1;
        if (lastEventId != null && !lastEventId.isBlank()) {
            try {
                after = Long.parseLong(lastEventId.trim());
            } catch (NumberFormatException e) {
                throw ProblemException.badRequest("Last-Event-ID must be the id of a data event (a number), got '"
                        + lastEventId.substring(0, Math.min(40, lastEventId.length())) + "'");
            }
        }
        Feed feed = new Feed(sink, sse);
        String room = claims.video().room();
        String identity = claims.identity();
        // registered and replayed under the feed's lock: a message sent meanwhile waits, then goes out once, in order
        synchronized (feed) {
            try {
                feed.registration = rooms.listen(room, identity, feed);
            } catch (RoomException e) {
                throw ProblemException.notFound(e.getMessage());
            }
            feeds.add(feed);
            feed.write(sse.newEventBuilder().comment("connected").reconnectDelay(1000).build());
            if (after >= 0) {
                for (DataMessage m : rooms.dataSince(room, identity, after)) feed.data(m.id(), m.topic(), m.payload(), m.fromServer());
            }
        }
    }

    /** One open feed: asynchronous writes, closed when it falls behind or its session ends. */
    final class Feed implements RoomListener {
        private final SseEventSink sink;
        private final Sse sse;
        private final AtomicInteger pending = new AtomicInteger();
        private final AtomicBoolean closed = new AtomicBoolean();
        volatile RoomService.Registration registration;

        Feed(SseEventSink sink, Sse sse) {
            this.sink = sink;
            this.sse = sse;
        }

        /** The id of the last data event sent; guarded by this feed's lock. */
        private long lastSent;

        @Override
        public void data(String topic, byte[] payload, boolean fromServer) {
            write(event(topic, payload, fromServer).build());
        }

        @Override
        public synchronized void data(long id, String topic, byte[] payload, boolean fromServer) {
            if (id <= lastSent) return; // replayed already
            lastSent = id;
            write(event(topic, payload, fromServer).id(String.valueOf(id)).build());
        }

        private OutboundSseEvent.Builder event(String topic, byte[] payload, boolean fromServer) {
            var json = LiveKitJson.JSON.createObjectNode();
            if (topic != null) json.put("topic", topic);
            json.put("payload", Base64.getEncoder().encodeToString(payload));
            String text = utf8(payload);
            if (text != null) json.put("text", text);
            json.put("fromServer", fromServer);
            return sse.newEventBuilder().name("data").data(json.toString());
        }

        @Override
        public void ended(String reason) {
            write(sse.newEventBuilder().name("ended").data(LiveKitJson.JSON.createObjectNode().put("reason", reason).toString()).build());
            close();
        }

        void write(OutboundSseEvent event) {
            if (closed.get()) return;
            if (sink.isClosed() || pending.incrementAndGet() > MAX_PENDING) {
                close();
                return;
            }
            try {
                sink.send(event).whenComplete((ok, error) -> {
                    pending.decrementAndGet();
                    if (error != null) close();
                });
            } catch (RuntimeException e) {
                close();
            }
        }

        void close() {
            if (!closed.compareAndSet(false, true)) return;
            RoomService.Registration r = registration;
            if (r != null) r.close();
            feeds.remove(this);
            try {
                sink.close();
            } catch (RuntimeException alreadyGone) {
                // the client went away first
            }
        }
    }

    private static String utf8(byte[] b) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException notText) {
            return null;
        }
    }
}

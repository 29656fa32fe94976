package gateway.sessions.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gateway.api.event.GatewayEvent;
import gateway.api.event.GatewayEvents;
import gateway.api.processing.ProcessingContext;
import gateway.api.rooms.AccessClaims;
import gateway.api.rooms.AccessTokens;
import gateway.api.rooms.InvalidTokenException;
import gateway.api.rooms.ParticipantInfo;
import gateway.api.rooms.RoomException;
import gateway.api.rooms.RoomService;
import gateway.api.rooms.RoomSettings;
import gateway.api.rooms.TrackInfo;
import gateway.api.rooms.VideoGrant;
import gateway.api.stream.StreamRegistry;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.osgi.framework.BundleContext;
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
 * Every streaming session: creation (a room, its tokens), listing, expiry and its extension while the session is in
 * use, deletion, and the control sockets' access by token. A session's end (deleted, expired, the plugin stopped)
 * ends its task, closes its control sockets, deletes its room and is published on {@code /sse}.
 */
@Component(service = SessionStore.class, immediate = true, configurationPid = SessionStore.PID)
@Designate(ocd = SessionStore.Config.class)
public final class SessionStore {
    private static final Logger LOG = LoggerFactory.getLogger(SessionStore.class);
    static final String PID = "gateway.sessions";
    static final ObjectMapper JSON = new ObjectMapper();
    static final int MAX_PUBLISHERS = 1, MAX_SUBSCRIBERS = 10;
    static final String CREATED = "session-created", ENDED = "session-ended", EXTENDED = "session-extended", RESTORED = "session-restored",
            SAVED = "sessions-saved";
    /** How long a taken-back session's task waits for its processors. */
    static final int RESTORE_SECONDS = 10;
    /** How long the stages of an unregistered processor wait for it to come back (an update of its plugin). */
    static final int PROCESSOR_RETURN_SECONDS = 10;

    /** Configuration (PID {@code gateway.sessions}). */
    @ObjectClassDefinition(name = "Streaming sessions", description = "The session-storage API, its control WebSocket and its processors")
    public @interface Config {
        @AttributeDefinition(type = AttributeType.PASSWORD,
                description = "API clients as ClientID:ClientSecret pairs, separated by commas; empty: one is generated into data/sessions.client")
        String clients() default "";

        @AttributeDefinition(description = "Seconds a new session waits for someone to connect before it expires; also how long an extension "
                + "while in use lasts after the last participant or control socket left")
        int sessionTtlSeconds() default 600;

        @AttributeDefinition(description = "The longest ttl_seconds an extension may ask for")
        int maxTtlSeconds() default 86400;

        @AttributeDefinition(description = "Seconds the session's access tokens are valid (joining the room, opening the control socket)")
        int tokenTtlSeconds() default 86400;

        @AttributeDefinition(description = "Open sessions one client may hold at once")
        int maxOpenSessionsPerClient() default 20;
    }

    /** A created session and its tokens. */
    record Created(StreamingSession session, List<String> publisherTokens, List<String> subscriberTokens) {
    }

    /** A page of a client's sessions, oldest first. */
    record Page(List<StreamingSession> sessions, String nextPageToken) {
    }

    /** A control socket's bearer: the session, the identity and rights its token names. */
    record Access(StreamingSession session, String identity, Set<Right> rights, String token) {
    }

    private final RoomService rooms;
    private final AccessTokens tokens;
    private final GatewayEvents events;
    private final ProcessorCatalog catalog;
    private final Config config;
    private final ClientCredentials clients;
    private final SavedSessions saved;
    private final Map<String, StreamingSession> sessions = new ConcurrentHashMap<>();
    private final Map<String, StreamingSession> byRoom = new ConcurrentHashMap<>();
    /** Open sessions per client, for the limit: counted, not searched, on every creation. */
    private final Map<String, AtomicInteger> openByClient = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("sessions-expiry").daemon().factory());
    /** Paces the tracks of audio sent over control sockets and follows the outputs sent back: one thread per core. */
    private final ScheduledExecutorService audioClock = Executors.newScheduledThreadPool(Runtime.getRuntime().availableProcessors(),
            Thread.ofPlatform().name("sessions-socket-audio").daemon().factory());
    private final StreamRegistry registry;

    @Activate
    public SessionStore(@Reference RoomService rooms, @Reference AccessTokens tokens, @Reference GatewayEvents events,
                        @Reference ProcessorCatalog catalog, @Reference StreamRegistry registry, BundleContext context, Config config) {
        this.rooms = rooms;
        this.registry = registry;
        this.tokens = tokens;
        this.events = events;
        this.catalog = catalog;
        this.config = config;
        String data = context.getProperty("gateway.data");
        this.clients = ClientCredentials.of(config.clients(), Path.of(data == null ? "data" : data));
        this.saved = new SavedSessions(Path.of(data == null ? "data" : data));
        catalog.onRemoval(processorGone);
        catalog.onAddition(processorBack);
        takeBackSaved();
        timer.scheduleWithFixedDelay(this::sweep, 1, 1, TimeUnit.SECONDS);
        timer.scheduleWithFixedDelay(this::announceOutputs, 200, 200, TimeUnit.MILLISECONDS);
    }

    /**
     * Sends {@code current_task} to a session's control sockets when the tracks its subscribers listen to changed.
     * Looked at five times a second, only for sessions with a socket, rather than on the rooms' {@code track_published}
     * events: a stage learns its output track's sid only when its publish returns, after the event has gone out.
     */
    private void announceOutputs() {
        for (StreamingSession s : sessions.values()) {
            if (s.channels.isEmpty()) continue;
            try {
                Map<String, Object> view = s.pipeline.viewIfOutputsChanged();
                if (view != null) for (ControlChannel c : s.channels) c.send("current_task", view);
            } catch (RuntimeException e) {
                LOG.warn("Session {}: its output tracks cannot be looked at: {}", s.id, e.toString());
            }
        }
    }

    /**
     * Takes back the sessions a previous revision of this plugin saved when it stopped, whose rooms still exist (an
     * update of this plugin; after a restart of the gateway the rooms are gone and so are their sessions). Their tasks
     * run again once their processors are there (the built-in ones register as this plugin starts, others may take
     * a moment): tried every second for {@value #RESTORE_SECONDS} s.
     */
    private void takeBackSaved() {
        List<SavedSessions.Saved> records;
        try {
            records = saved.take();
        } catch (java.io.IOException | RuntimeException e) {
            LOG.warn("Sessions: the saved sessions in {} cannot be read ({}); they are not taken back", saved.file(), e.toString());
            return;
        }
        int taken = 0;
        for (SavedSessions.Saved r : records) {
            try {
                if (rooms.room(r.room()).isEmpty()) {
                    LOG.info("Session {} is not taken back: its room {} is gone", r.id(), r.room());
                    continue;
                }
                StreamingSession s = register(r.id(), r.clientId(), r.room(), r.intent(), Instant.parse(r.createdAt()), Instant.parse(r.expiresAt()),
                        r.publishers(), r.subscribers());
                s.updatedAt(Instant.parse(r.updatedAt()));
                openByClient.computeIfAbsent(r.clientId(), c -> new AtomicInteger()).incrementAndGet();
                taken++;
                if (r.task() != null) {
                    TaskSpec spec = TaskSpec.parse(JSON.valueToTree(r.task()));
                    if ("paused".equals(r.taskStatus())) s.pipeline.restorePaused(spec);
                    else restoreTask(s, spec, 0);
                }
                publish(RESTORED, Map.of("id", s.id, "room", s.room, "task", r.task() == null ? "none" : r.taskStatus()));
            } catch (TaskException | RuntimeException e) {
                LOG.warn("Session {} cannot be taken back: {}", r.id(), e.toString());
            }
        }
        if (!records.isEmpty()) LOG.info("Sessions: {} of {} saved session(s) taken back", taken, records.size());
    }

    /** Runs a saved task again; its processors may not be registered yet. */
    private void restoreTask(StreamingSession s, TaskSpec spec, int attempt) {
        if (s.ended() || s.pipeline.hasTask()) return;
        try {
            s.pipeline.set(spec);
            LOG.info("Session {}: its task runs again ({} attempt(s))", s.id, attempt + 1);
        } catch (TaskException e) {
            if (attempt + 1 < RESTORE_SECONDS) {
                try {
                    timer.schedule(() -> restoreTask(s, spec, attempt + 1), 1, TimeUnit.SECONDS);
                } catch (java.util.concurrent.RejectedExecutionException stopping) {
                    // the plugin stops again
                }
            } else {
                LOG.warn("Session {}: its task cannot run again: {}", s.id, e.getMessage());
                publish("session-task-ended", Map.of("id", s.id, "force", true, "reason", "after an update of the sessions plugin: " + e.getMessage()));
            }
        }
    }

    /**
     * An unregistered processor's runs end in every session; a processor of the same name that registers within
     * {@value #PROCESSOR_RETURN_SECONDS} s (its plugin's update) runs those stages again, else the sessions report the
     * processor as uninstalled to their control clients.
     */
    private final java.util.function.Consumer<gateway.api.processing.SessionProcessor> processorGone = p -> {
        boolean used = false;
        for (StreamingSession s : sessions.values()) used |= s.pipeline.processorGone(p);
        if (!used) return;
        try {
            timer.schedule(() -> sessions.values().forEach(s -> s.pipeline.processorStillGone(p)), PROCESSOR_RETURN_SECONDS, TimeUnit.SECONDS);
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            // this plugin stops too
        }
    };

    /** A processor registered: the stages waiting for one of its name run again. */
    private final java.util.function.Consumer<gateway.api.processing.SessionProcessor> processorBack =
            p -> sessions.values().forEach(s -> s.pipeline.processorAdded(p));

    /**
     * The plugin stops (an update, a restart, a configuration change): its sessions are saved for the next revision
     * and their rooms stay; their pipelines' runs are released (a session output waits for the next revision's run of
     * its stage; what else a processor published leaves the room) and their control sockets close with 1001 so that
     * clients reconnect.
     */
    @Deactivate
    void deactivate() {
        catalog.removeListener(processorGone);
        catalog.removeListener(processorBack);
        timer.shutdownNow();
        List<SavedSessions.Saved> records = new ArrayList<>();
        for (StreamingSession s : List.copyOf(sessions.values())) {
            if (s.ended()) continue;
            Map.Entry<TaskSpec, SessionPipeline.Status> task = s.pipeline.snapshot();
            records.add(new SavedSessions.Saved(s.id, s.clientId, s.room, s.intent, s.createdAt.toString(), s.updatedAt().toString(),
                    s.expiresAt().toString(), s.publishers, s.subscribers, task == null ? null : task.getKey().declaration(),
                    task == null ? null : task.getValue().name().toLowerCase(java.util.Locale.ROOT)));
            s.pipeline.release();
            for (ControlChannel c : List.copyOf(s.channels)) c.close(1001, "the sessions plugin is restarting: reconnect");
        }
        try {
            saved.save(records);
            if (!records.isEmpty()) LOG.info("Sessions: {} session(s) saved to {} for the plugin's next start", records.size(), saved.file());
            publish(SAVED, Map.of("count", records.size()));
        } catch (java.io.IOException | RuntimeException e) {
            LOG.error("Sessions: cannot save the sessions to {} ({}); they end", saved.file(), e.toString());
            for (StreamingSession s : List.copyOf(sessions.values())) end(s, "the sessions plugin stopped");
        }
        audioClock.shutdownNow();
    }

    boolean permits(String clientId, String clientSecret) {
        return clients.permits(clientId, clientSecret);
    }

    int maxTtlSeconds() {
        return config.maxTtlSeconds();
    }

    /**
     * Creates a session: its room, one token per publisher and subscriber.
     *
     * @throws IllegalStateException when the client holds its limit of open sessions
     * @throws RoomException         when the rooms cannot hold another room
     */
    Created create(String clientId, int publisherCount, int subscriberCount, boolean publisherCanSubscribe, String intent) {
        // reserved before the room is created: parallel requests of one client cannot pass the limit together
        AtomicInteger open = openByClient.computeIfAbsent(clientId, c -> new AtomicInteger());
        int held = open.incrementAndGet();
        if (held > config.maxOpenSessionsPerClient()) {
            open.decrementAndGet();
            throw new IllegalStateException("the client holds " + (held - 1) + " open sessions, its limit (delete or let one expire first)");
        }
        try {
            return createReserved(clientId, publisherCount, subscriberCount, publisherCanSubscribe, intent);
        } catch (RuntimeException e) {
            open.decrementAndGet(); // the rooms refused the room: no session
            throw e;
        }
    }

    private Created createReserved(String clientId, int publisherCount, int subscriberCount, boolean publisherCanSubscribe, String intent) {
        Instant now = Instant.now();
        String id = newId();
        String room = "session-" + id.substring(0, 12);
        int ttl = Math.max(1, config.sessionTtlSeconds());
        // the session decides when its room ends (expiry, delete); the room's own timeouts only back that up
        int roomTimeout = Math.max(ttl, config.maxTtlSeconds());
        // room for the tokens, and for the participant a processor may publish its output track as (one per stage)
        rooms.create(new RoomSettings(room, roomTimeout, roomTimeout, publisherCount + subscriberCount + TaskSpec.MAX_STAGES, ""));
        List<String> pubs = new ArrayList<>(), subs = new ArrayList<>();
        for (int i = 1; i <= publisherCount; i++) pubs.add("publisher-" + i);
        for (int i = 1; i <= subscriberCount; i++) subs.add("subscriber-" + i);
        StreamingSession s = register(id, clientId, room, intent, now, now.plusSeconds(ttl), pubs, subs);
        Duration tokenTtl = Duration.ofSeconds(Math.max(60, config.tokenTtlSeconds()));
        List<String> pubTokens = pubs.stream().map(p -> mint(s, p, true, publisherCanSubscribe, Right.PUBLISHER, tokenTtl)).toList();
        List<String> subTokens = subs.stream().map(p -> mint(s, p, false, true, Right.SUBSCRIBER, tokenTtl)).toList();
        publish(CREATED, Map.of("id", id, "room", room, "publishers", publisherCount, "subscribers", subscriberCount));
        return new Created(s, pubTokens, subTokens);
    }

    private StreamingSession register(String id, String clientId, String room, String intent, Instant createdAt, Instant expiresAt,
                                      List<String> pubs, List<String> subs) {
        StreamingSession[] self = new StreamingSession[1];
        SessionPipeline pipeline = new SessionPipeline(id, room, catalog, outlet(() -> self[0]));
        StreamingSession s = new StreamingSession(id, clientId, room, intent, createdAt, expiresAt, List.copyOf(pubs), List.copyOf(subs), pipeline);
        self[0] = s;
        sessions.put(id, s);
        byRoom.put(room, s);
        return s;
    }

    private String mint(StreamingSession s, String identity, boolean canPublish, boolean canSubscribe, Set<Right> rights, Duration ttl) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("session_id", s.id);
        metadata.put("role", canPublish ? "publisher" : "subscriber");
        metadata.put("rights", Right.names(rights));
        String json;
        try {
            json = JSON.writeValueAsString(metadata);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        VideoGrant grant = new VideoGrant(false, false, true, false, false, false, s.room, canPublish, canSubscribe, true, false, false);
        return tokens.mint(identity, identity, json, grant, ttl);
    }

    /**
     * @param pageToken the previous page's {@code next_page_token}, or null for the first page
     * @throws IllegalArgumentException for a page token this service did not hand out
     */
    Page list(String clientId, int pageSize, String pageToken) {
        PageCursor after = pageToken == null || pageToken.isEmpty() ? null : PageCursor.parse(pageToken);
        List<StreamingSession> all = sessions.values().stream().filter(s -> s.clientId.equals(clientId))
                .sorted(Comparator.comparing((StreamingSession s) -> s.createdAt).thenComparing(s -> s.id)).toList();
        List<StreamingSession> page = new ArrayList<>();
        boolean more = false;
        for (StreamingSession s : all) {
            if (after != null && !after.before(s.createdAt, s.id)) continue;
            if (page.size() == pageSize) {
                more = true;
                break;
            }
            page.add(s);
        }
        String next = more ? new PageCursor(page.get(page.size() - 1).createdAt, page.get(page.size() - 1).id).token() : null;
        return new Page(page, next);
    }

    /** @return the client's session of that id */
    Optional<StreamingSession> get(String clientId, String id) {
        StreamingSession s = sessions.get(id);
        return s != null && s.clientId.equals(clientId) ? Optional.of(s) : Optional.empty();
    }

    /** Ends a session: its task, control sockets and room. */
    boolean delete(String clientId, String id) {
        Optional<StreamingSession> s = get(clientId, id);
        s.ifPresent(x -> end(x, "deleted"));
        return s.isPresent();
    }

    /** Moves a session's expiry to {@code ttlSeconds} from now. */
    boolean extend(String clientId, String id, int ttlSeconds) {
        Optional<StreamingSession> s = get(clientId, id);
        s.ifPresent(x -> {
            Instant now = Instant.now();
            x.expireAt(now.plusSeconds(ttlSeconds), now);
            publish(EXTENDED, Map.of("id", x.id, "expires_at", x.expiresAt().toString()));
        });
        return s.isPresent();
    }

    /**
     * @param jwt a token from {@code ?token=}
     * @return what it gives access to
     * @throws InvalidTokenException when it is not a valid token of a live session
     */
    Access authorize(String jwt) throws InvalidTokenException {
        if (jwt == null || jwt.isBlank()) throw new InvalidTokenException("the control socket needs ?token=<the session's access token>");
        AccessClaims claims = tokens.verify(jwt);
        StreamingSession s = claims.video().room() == null ? null : byRoom.get(claims.video().room());
        if (s == null || s.ended()) throw new InvalidTokenException("the token is not for a live session");
        Set<Right> rights = EnumSet.noneOf(Right.class);
        try {
            JsonNode meta = JSON.readTree(claims.metadata() == null ? "{}" : claims.metadata());
            if (!s.id.equals(meta.path("session_id").asText())) throw new InvalidTokenException("the token is not for a live session");
            for (JsonNode r : meta.path("rights")) rights.add(Right.valueOf(r.asText().toUpperCase(java.util.Locale.ROOT)));
        } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
            throw new InvalidTokenException("the token's metadata does not name a session's rights");
        }
        if (!claims.video().permission().canPublish()) rights.remove(Right.WRITE);
        return new Access(s, claims.identity(), rights, jwt);
    }

    /** Expires the sessions past their time; extends those in use. */
    private void sweep() {
        Instant now = Instant.now();
        for (StreamingSession s : List.copyOf(sessions.values())) {
            try {
                if (rooms.room(s.room).isEmpty()) {
                    end(s, "its room " + s.room + " was deleted");
                } else if (inUse(s)) {
                    Instant until = now.plusSeconds(Math.max(1, config.sessionTtlSeconds()));
                    if (until.isAfter(s.expiresAt())) s.expireAt(until, s.updatedAt());
                } else if (!now.isBefore(s.expiresAt())) {
                    end(s, "expired at " + s.expiresAt());
                }
            } catch (RuntimeException e) {
                LOG.warn("Session {}: expiry check failed: {}", s.id, e.toString());
            }
        }
    }

    private boolean inUse(StreamingSession s) {
        if (!s.channels.isEmpty()) return true;
        try {
            return !rooms.participants(s.room).isEmpty();
        } catch (RoomException gone) {
            return false;
        }
    }

    void end(StreamingSession s, String reason) {
        if (!s.end()) return;
        AtomicInteger open = openByClient.get(s.clientId);
        if (open != null) open.decrementAndGet();
        sessions.remove(s.id);
        byRoom.remove(s.room);
        s.pipeline.close();
        for (ControlChannel c : List.copyOf(s.channels)) c.sessionEnded(reason);
        try {
            rooms.delete(s.room);
        } catch (RoomException gone) {
            // the room ended already (deleted through the rooms' API)
        }
        LOG.info("Session {} ended: {}", s.id, reason);
        publish(ENDED, Map.of("id", s.id, "room", s.room, "reason", reason));
    }

    private SessionOutlet outlet(java.util.function.Supplier<StreamingSession> session) {
        return new SessionOutlet() {
            @Override
            public Optional<ProcessingContext.Input> publisherTrack() {
                StreamingSession s = session.get();
                for (String identity : s.publishers) {
                    try {
                        ParticipantInfo p = rooms.participant(s.room, identity);
                        if (!p.tracks().isEmpty()) return Optional.of(input(p.tracks().get(0)));
                    } catch (RoomException notThere) {
                        // not joined (yet)
                    }
                }
                return Optional.empty();
            }

            @Override
            public Optional<ProcessingContext.Input> track(String trackSid) {
                try {
                    for (ParticipantInfo p : rooms.participants(session.get().room)) {
                        for (TrackInfo t : p.tracks()) if (t.sid().equals(trackSid)) return Optional.of(input(t));
                    }
                } catch (RoomException gone) {
                    // the room ended
                }
                return Optional.empty();
            }

            @Override
            public void broadcast(String messageType, Object data) {
                StreamingSession s = session.get();
                for (ControlChannel c : s.channels) c.send(messageType, data);
                publish("session-" + messageType.replace('_', '-'), Map.of("id", s.id, "data", data == null ? Map.of() : data));
            }

            @Override
            public void toControlSockets(String messageType, Object data) {
                for (ControlChannel c : session.get().channels) c.send(messageType, data);
            }

            @Override
            public SocketInput openSocketInput(TaskSpec.Transport format, java.util.function.Consumer<String> failed) {
                StreamingSession s = session.get();
                SocketInput in = new SocketInput(format, rooms, s.room, failed);
                try {
                    in.open(registry, audioClock, s.id, s.room);
                } catch (RuntimeException e) {
                    in.close();
                    throw e;
                }
                return in;
            }

            @Override
            public SocketOutput openSocketOutput(TaskSpec.Transport format, java.util.function.Supplier<String> outputStream) {
                SocketOutput out = new SocketOutput(format, registry, outputStream, this::toControlSockets);
                out.open(audioClock);
                return out;
            }
        };
    }

    private static ProcessingContext.Input input(TrackInfo t) {
        return new ProcessingContext.Input(t.sid(), t.stream(), t.mimeType());
    }

    void publish(String type, Object data) {
        events.publish(GatewayEvent.now(type, data));
    }

    private String newId() {
        byte[] b = new byte[16];
        random.nextBytes(b);
        b[6] = (byte) ((b[6] & 0x0f) | 0x40);
        b[8] = (byte) ((b[8] & 0x3f) | 0x80);
        String h = HexFormat.of().formatHex(b);
        return h.substring(0, 8) + "-" + h.substring(8, 12) + "-" + h.substring(12, 16) + "-" + h.substring(16, 20) + "-" + h.substring(20);
    }
}

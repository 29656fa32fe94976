package gateway.rooms.egress.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gateway.api.event.GatewayEvent;
import gateway.api.event.GatewayEvents;
import gateway.api.rooms.EgressEvent;
import gateway.api.rooms.EgressException;
import gateway.api.rooms.EgressInfo;
import gateway.api.rooms.EgressRequest;
import gateway.api.rooms.EgressService;
import gateway.api.rooms.EgressStatus;
import gateway.api.rooms.ParticipantInfo;
import gateway.api.rooms.RoomEvent;
import gateway.api.rooms.RoomException;
import gateway.api.rooms.RoomInfo;
import gateway.api.rooms.RoomService;
import gateway.api.rooms.TrackInfo;
import gateway.api.stream.LiveStream;
import gateway.api.stream.StreamRegistry;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.nio.file.Path;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The egresses of every room. Sources: a track's live stream for track, track-composite and participant egresses,
 * the room's {@link RoomMix} for room composites (one mix per room, closed with its last egress). Recordings are
 * the recorder's: an egress's relay stream asks to be recorded through its metadata, and the recorder's
 * {@code recording-*} events (whose {@code event} is the egress id) tell which files it made. An egress ends with
 * its source (the track unpublished, the room closed) or on request. Running egresses are saved in
 * {@code data/rooms/egress/} ({@link EgressJournal}): when this service stops (its bundle is updated or restarted)
 * they are suspended, not ended, and resume when it starts again — a new relay stream on the same source, so a
 * recorded egress gets one more recording and a streaming one reconnects its SRT outputs.
 */
@Component(service = EgressService.class, immediate = true, configurationPid = EgressDirectory.PID)
@Designate(ocd = EgressDirectory.Config.class)
public final class EgressDirectory implements EgressService {
    static final String PID = "gateway.rooms.egress";
    private static final Logger LOG = LoggerFactory.getLogger(EgressDirectory.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    /** How egresses run. */
    @ObjectClassDefinition(name = "Gateway rooms: egress", description = "Recording and streaming rooms' audio.")
    public @interface Config {
        @AttributeDefinition(description = "Bitrate of a room's mix (mono Opus at 48 kHz), in bit/s.")
        int mixBitrate() default 64_000;

        @AttributeDefinition(description = "Seconds the recorder may take to report the recording of an ending egress before the egress fails.")
        int recorderGraceSeconds() default 10;

        @AttributeDefinition(description = "Minutes an ended egress stays listed.")
        int keepEndedMinutes() default 60;
    }

    private final RoomService rooms;
    private final StreamRegistry registry;
    private final GatewayEvents events;
    private final Config config;
    private final Map<String, Egress> egresses = new ConcurrentHashMap<>();
    private final Map<String, RoomMix> mixes = new HashMap<>();
    private final Map<String, String> lastStatus = new ConcurrentHashMap<>();
    private final GatewayEvents.Subscription subscription;
    private final EgressJournal journal;
    private volatile boolean stopping;
    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().name("egress sweeper").unstarted(r));

    /**
     * @param config   the settings
     * @param rooms    the rooms
     * @param registry the live streams
     * @param events   the event bus
     * @param context  the bundle's context, for the data folder ({@code gateway.data})
     */
    @Activate
    public EgressDirectory(Config config, @Reference RoomService rooms, @Reference StreamRegistry registry, @Reference GatewayEvents events,
                           BundleContext context) {
        this(config, rooms, registry, events, dataFolder(context).resolve("rooms").resolve("egress"));
    }

    EgressDirectory(Config config, RoomService rooms, StreamRegistry registry, GatewayEvents events, Path journalFolder) {
        this.config = config;
        this.rooms = rooms;
        this.registry = registry;
        this.events = events;
        this.journal = new EgressJournal(journalFolder);
        this.subscription = events.subscribe(this::onEvent);
        journal.load().forEach(this::resume);
        sweeper.scheduleWithFixedDelay(this::sweep, 1, 1, TimeUnit.SECONDS);
    }

    private static Path dataFolder(BundleContext context) {
        String data = context.getProperty("gateway.data");
        return Path.of(data == null ? "data" : data);
    }

    /**
     * Suspends the running egresses (they stay saved and resume when the service runs again), waits up to 3 s for the
     * recorder to report the recordings their relays leave, and closes the rooms' mixes.
     */
    @Deactivate
    void deactivate() {
        stopping = true;
        sweeper.shutdownNow();
        List<Egress> running = egresses.values().stream().filter(e -> e.info().status().active()).toList();
        running.forEach(e -> e.suspend("the egress service stopped; the egress resumes when it starts again"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        while (running.stream().anyMatch(Egress::recording) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20); // the recorder's recording-finished events arrive on the bus's thread
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        subscription.close();
        running.forEach(e -> journal.save(e.entry()));
        synchronized (mixes) {
            mixes.values().forEach(RoomMix::close);
            mixes.clear();
        }
        if (!running.isEmpty()) LOG.info("Suspended {} running egresses until the egress service starts again", running.size());
    }

    /** Starts a saved egress again on its source; one whose source is gone ends as it would have while running. */
    private void resume(EgressJournal.Entry saved) {
        Egress egress = new Egress(saved, registry, this::changed);
        egresses.put(egress.id(), egress);
        created.put(egress.id(), System.nanoTime());
        lastStatus.put(egress.id(), "resumed");
        if (saved.status() == EgressStatus.EGRESS_ENDING) { // it was waiting for its recordings
            egress.settle();
            return;
        }
        Source source;
        try {
            source = source(saved.request());
        } catch (RuntimeException gone) {
            boolean any = !saved.files().isEmpty() || saved.status() == EgressStatus.EGRESS_ACTIVE;
            egress.end(any ? EgressStatus.EGRESS_ENDING : EgressStatus.EGRESS_ABORTED,
                    "its source ended while the egress service was stopped: " + gone.getMessage());
            LOG.info("Egress {} not resumed: {}", egress.id(), gone.getMessage());
            return;
        }
        try {
            egress.start(source.stream(), source.metadata());
        } catch (RuntimeException e) {
            egress.end(EgressStatus.EGRESS_FAILED, "could not resume: " + e.getMessage());
            return;
        }
        journal.save(egress.entry());
        publish(EgressEvent.EGRESS_UPDATED, egress.info());
        LOG.info("Egress {} resumed: {} of room {}", egress.id(), saved.kind(), saved.room());
    }

    /** What an egress relays, and what its relay's metadata says of it. */
    private record Source(LiveStream stream, Map<String, String> metadata) {
    }

    /** Resolves an egress's source: the room's mix (started if needed) or the track's live stream. */
    private Source source(EgressRequest request) {
        Map<String, String> meta = new HashMap<>();
        if (request.kind() == EgressRequest.Kind.ROOM_COMPOSITE) {
            rooms.room(request.room()).orElseThrow(() -> new RoomException(RoomException.Reason.ROOM_NOT_FOUND, "room '" + request.room() + "' does not exist"));
            RoomMix mix;
            synchronized (mixes) {
                mix = mixes.computeIfAbsent(request.room(), r -> new RoomMix(r, rooms, registry, config.mixBitrate()));
            }
            LiveStream stream = registry.find(mix.stream()).orElseThrow(() -> new EgressException(EgressException.Reason.NOT_ACTIVE,
                    "the mix of room '" + request.room() + "' has ended"));
            meta.put("mix", mix.stream());
            return new Source(stream, meta);
        }
        TrackInfo track = track(request);
        if (track.stream() == null) throw new EgressException(EgressException.Reason.INVALID, "track " + track.sid() + " has no live stream yet");
        LiveStream stream = registry.find(track.stream()).filter(l -> !l.state().isTerminal())
                .orElseThrow(() -> new RoomException(RoomException.Reason.TRACK_NOT_FOUND, "track " + track.sid() + " has ended"));
        meta.put("track", track.sid());
        meta.put("source", track.stream());
        return new Source(stream, meta);
    }

    @Override
    public EgressInfo start(EgressRequest request) {
        RoomInfo room = rooms.room(request.room())
                .orElseThrow(() -> new RoomException(RoomException.Reason.ROOM_NOT_FOUND, "room '" + request.room() + "' does not exist"));
        request.streamUrls().forEach(SrtUrl::parse); // refuse a bad URL before anything starts
        String id = id();
        Egress egress = new Egress(id, room.sid(), request, registry, this::changed);
        // listed before its source is resolved, so that a room's mix is never closed between its creation and its use
        egresses.put(id, egress);
        Source source;
        try {
            source = source(request);
        } catch (RuntimeException e) { // refused: it never existed
            egresses.remove(id);
            created.remove(id);
            if (request.kind() == EgressRequest.Kind.ROOM_COMPOSITE) releaseMix(request.room());
            throw e;
        }
        publish(EgressEvent.EGRESS_STARTED, egress.info());
        try {
            egress.start(source.stream(), source.metadata());
        } catch (RuntimeException e) { // the registry refused the relay: a failure the egress shows
            egress.end(EgressStatus.EGRESS_FAILED, "could not start: " + e.getMessage());
        }
        if (egress.info().status().active()) journal.save(egress.entry());
        LOG.info("Egress {} started: {} of room {}", id, request.kind(), request.room());
        return egress.info();
    }

    /** The audio track a track, track-composite or participant egress records. */
    private TrackInfo track(EgressRequest request) {
        if (request.kind() == EgressRequest.Kind.PARTICIPANT) {
            ParticipantInfo p = rooms.participant(request.room(), request.participant());
            return p.tracks().stream().findFirst().orElseThrow(() -> new EgressException(EgressException.Reason.INVALID,
                    "participant '" + request.participant() + "' publishes no audio track"));
        }
        for (ParticipantInfo p : rooms.participants(request.room())) {
            for (TrackInfo t : p.tracks()) if (t.sid().equals(request.track())) return t;
        }
        throw new RoomException(RoomException.Reason.TRACK_NOT_FOUND, "no track " + request.track() + " in room '" + request.room() + "'");
    }

    @Override
    public EgressInfo updateStream(String egressId, Collection<String> add, Collection<String> remove) {
        Egress e = find(egressId);
        e.updateStreams(add.stream().map(SrtUrl::parse).toList(), List.copyOf(remove));
        return e.info();
    }

    @Override
    public EgressInfo stop(String egressId) {
        Egress e = find(egressId);
        e.stop();
        return e.info();
    }

    @Override
    public Optional<EgressInfo> egress(String egressId) {
        return Optional.ofNullable(egressId == null ? null : egresses.get(egressId)).map(Egress::info);
    }

    @Override
    public List<EgressInfo> list(String room, String egressId, boolean activeOnly) {
        return egresses.values().stream().map(Egress::info)
                .filter(i -> room == null || room.isEmpty() || i.request().room().equals(room))
                .filter(i -> egressId == null || egressId.isEmpty() || i.egressId().equals(egressId))
                .filter(i -> !activeOnly || i.status().active())
                .sorted(java.util.Comparator.comparingLong(i -> created(i.egressId())))
                .toList();
    }

    private final Map<String, Long> created = new ConcurrentHashMap<>();

    private long created(String id) {
        return created.getOrDefault(id, 0L);
    }

    private Egress find(String egressId) {
        Egress e = egressId == null ? null : egresses.get(egressId);
        if (e == null) throw new EgressException(EgressException.Reason.NOT_FOUND, "egress " + egressId + " does not exist");
        return e;
    }

    private String id() {
        StringBuilder b = new StringBuilder("EG_");
        for (int i = 0; i < 12; i++) b.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        created.put(b.toString(), System.nanoTime());
        return b.toString();
    }

    private void changed(Egress egress) {
        EgressInfo info = egress.info();
        if (info.status().active() || stopping) journal.save(egress.entry());
        else journal.delete(info.egressId());
        if (stopping) return;
        String key = info.status() + "/" + info.files() + "/" + info.streams();
        if (key.equals(lastStatus.put(info.egressId(), key))) return;
        publish(info.status().active() ? EgressEvent.EGRESS_UPDATED : EgressEvent.EGRESS_ENDED, info);
        if (!info.status().active()) releaseMix(info.request().room());
    }

    private void publish(String type, EgressInfo info) {
        if (EgressEvent.EGRESS_ENDED.equals(type) && "ended".equals(lastStatus.get("ended:" + info.egressId()))) return;
        if (EgressEvent.EGRESS_ENDED.equals(type)) lastStatus.put("ended:" + info.egressId(), "ended");
        events.publish(GatewayEvent.now(type, new EgressEvent(type, info)));
    }

    /** Closes a room's mix when no running room composite uses it (checked and closed under the mixes' lock, as start() takes it). */
    private void releaseMix(String room) {
        RoomMix mix;
        synchronized (mixes) {
            boolean used = egresses.values().stream().map(Egress::info).anyMatch(i -> i.request().room().equals(room)
                    && i.request().kind() == EgressRequest.Kind.ROOM_COMPOSITE && i.status().active() && i.status() != EgressStatus.EGRESS_ENDING);
            if (used) return;
            mix = mixes.remove(room);
        }
        if (mix != null) {
            LOG.info("Room mix {} closed ({} tracks, {}% of a core for mixing and encoding, {} frames of 20 ms concealed)", room, mix.tracks().size(),
                    Math.round(mix.load() * 1000) / 10.0, mix.concealedFrames());
            mix.close();
        }
    }

    private void onEvent(GatewayEvent e) {
        if (e.data() instanceof RoomEvent re) {
            roomEvent(re);
        } else if (e.type().startsWith("recording-") && !e.type().equals("recording-deleted")) {
            recordingEvent(e.data());
        }
    }

    private void roomEvent(RoomEvent re) {
        String room = re.room().name();
        if (RoomEvent.ROOM_FINISHED.equals(re.type())) {
            egresses.values().stream().filter(x -> x.request().room().equals(room) && x.info().status().active())
                    .forEach(x -> x.end(x.info().status() == EgressStatus.EGRESS_STARTING ? EgressStatus.EGRESS_ABORTED : EgressStatus.EGRESS_ENDING, "room closed"));
            egresses.values().stream().filter(x -> x.request().room().equals(room)).forEach(Egress::settle);
            return;
        }
        RoomMix mix;
        synchronized (mixes) {
            mix = mixes.get(room);
        }
        if (mix != null && (RoomEvent.TRACK_PUBLISHED.equals(re.type()) || RoomEvent.TRACK_UNPUBLISHED.equals(re.type())
                || RoomEvent.PARTICIPANT_LEFT.equals(re.type()))) {
            mix.refresh();
        }
    }

    /** The recorder's entry in its JSON form (the same as on {@code /recordings} and {@code /sse}). */
    private void recordingEvent(Object data) {
        JsonNode r;
        try {
            r = JSON.valueToTree(data);
        } catch (IllegalArgumentException notJson) {
            return;
        }
        Egress egress = egresses.get(r.path("event").asText(""));
        if (egress == null) return;
        egress.recording(new EgressInfo.File(r.path("id").asText(), millis(r.path("start")), millis(r.path("end")),
                r.path("durationMillis").asLong(), r.path("size").asLong(), r.path("state").asText()));
    }

    private static long millis(JsonNode instant) {
        if (!instant.isTextual()) return 0;
        try {
            return Instant.parse(instant.asText()).toEpochMilli();
        } catch (java.time.format.DateTimeParseException e) {
            return 0;
        }
    }

    private void sweep() {
        long now = System.currentTimeMillis();
        long keep = TimeUnit.MINUTES.toMillis(config.keepEndedMinutes());
        for (Egress e : egresses.values()) {
            e.expire(now, TimeUnit.SECONDS.toMillis(config.recorderGraceSeconds()));
            EgressInfo i = e.info();
            if (!i.status().active() && i.endedAtMs() != 0 && now - i.endedAtMs() > keep) {
                egresses.remove(i.egressId());
                created.remove(i.egressId());
                lastStatus.remove(i.egressId());
                lastStatus.remove("ended:" + i.egressId());
            }
        }
    }
}

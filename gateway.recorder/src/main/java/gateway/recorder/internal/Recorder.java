package gateway.recorder.internal;

import gateway.api.event.GatewayEvent;
import gateway.api.event.GatewayEvents;
import gateway.api.http.ProblemException;
import gateway.api.recording.RecordingStorage;
import gateway.api.stream.Attachment;
import gateway.api.stream.LiveStream;
import gateway.api.stream.MediaHandler;
import gateway.api.stream.StreamRegistry;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.Dictionary;
import java.util.HexFormat;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
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
 * The recorder: records streams that ask for it (metadata {@code record=true} by default) and any live
 * stream on request, keeps the index, repairs what a crash left behind, and applies retention.
 *
 * <p>Hot swap: when this bundle stops, every file is finished cleanly and marked {@code interrupted}
 * ({@value #RECORDER_STOPPED}); when it starts again, recording resumes on the streams that are still live
 * in a new file whose {@code previous} and {@code gapMillis} say what is missing in between.
 */
@Component(service = Recorder.class, immediate = true, configurationPid = "gateway.recorder")
@Designate(ocd = Recorder.Config.class)
public final class Recorder {
    private static final Logger LOG = LoggerFactory.getLogger(Recorder.class);
    static final String RECORDER_STOPPED = "recorder stopped";
    static final String STOPPED_BY_REQUEST = "stopped by request";
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy/MM/dd").withZone(ZoneOffset.UTC);

    /** Configuration (PID {@code gateway.recorder}). */
    @ObjectClassDefinition(name = "Recorder")
    public @interface Config {
        /** @return LDAP filter of the streams recorded automatically; empty: none */
        @AttributeDefinition(description = "Streams recorded automatically (LDAP filter over id, origin, metadata.<key>); empty: only on request")
        String record() default "(metadata.record=true)";

        /** @return segment length, e.g. {@code 1h}; 0 = one file per recording */
        @AttributeDefinition(description = "Split recordings into files of this length, aligned to the clock (e.g. 1h); 0: one file")
        String segmentDuration() default "0";

        /** @return audio per Ogg page: the most a crash of the gateway process can lose */
        @AttributeDefinition(description = "Audio per Ogg page, written to the OS when full (20ms..5s)")
        String pageDuration() default "500ms";

        /** @return interval between syncs to disk: the most a power failure can lose */
        @AttributeDefinition(description = "Interval between fsyncs; 0: only when a file is finished")
        String syncInterval() default "2s";

        /** @return retention by age, e.g. {@code 30d}; 0 = keep */
        @AttributeDefinition(description = "Delete finished recordings older than this (e.g. 30d); 0: keep")
        String maxAge() default "0";

        /** @return retention by size, e.g. {@code 100GB}; 0 = no limit */
        @AttributeDefinition(description = "Delete the oldest finished recordings while all exceed this (e.g. 100GB); 0: no limit")
        String maxTotalSize() default "0";

        /** @return packets queued per recorded stream before a slow disk loses audio */
        @AttributeDefinition(description = "Packets queued per recorded stream (3000 = 60 s of 20 ms Opus)")
        int queue() default 3000;

        /** @return the index folder; empty = {@code <data>/recordings/index} */
        @AttributeDefinition(description = "Index folder; empty: <data>/recordings/index")
        String indexDirectory() default "";

        /** @return LDAP filter selecting the storage service */
        @AttributeDefinition(description = "Storage service filter")
        String storage_target() default "(gateway.recording.storage=file)";
    }

    private final StreamRegistry registry;
    private final GatewayEvents events;
    private final RecordingStorage storage;
    private final String storageName;
    private final BundleContext context;
    private final Settings settings;
    private final int queue;
    private final RecordingIndex index;
    private final Map<String, RecordingSession> sessions = new ConcurrentHashMap<>();
    private final ScheduledExecutorService housekeeping;
    private volatile String detachReason = RECORDER_STOPPED;
    private ServiceRegistration<MediaHandler> autoHandler;

    /**
     * Loads the index, repairs recordings a crash left unfinished, and starts recording.
     *
     * @param registry the stream registry
     * @param events   the event bus
     * @param storage  where files go, with its service properties
     * @param context  the bundle context
     * @param config   the configuration
     * @throws IOException if the index cannot be opened
     */
    @Activate
    public Recorder(@Reference StreamRegistry registry, @Reference GatewayEvents events,
                    @Reference(name = "storage") Map.Entry<Map<String, Object>, RecordingStorage> storage,
                    BundleContext context, Config config) throws IOException {
        this.registry = registry;
        this.events = events;
        this.storage = storage.getValue();
        this.storageName = String.valueOf(storage.getKey().getOrDefault(RecordingStorage.NAME, "unnamed"));
        this.context = context;
        this.settings = Settings.of(config);
        this.queue = Math.max(10, config.queue());
        this.index = new RecordingIndex(indexDir(context, config.indexDirectory()));
        recoverUnfinished();
        this.housekeeping = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "recorder-retention");
            t.setDaemon(true);
            return t;
        });
        if (settings.maxAgeMillis() > 0 || settings.maxTotalBytes() > 0) {
            // every minute, or more often for a short maximum age (a quarter of it, at least a second)
            long every = settings.maxAgeMillis() > 0 ? Math.max(1_000, Math.min(60_000, settings.maxAgeMillis() / 4)) : 60_000;
            housekeeping.scheduleWithFixedDelay(this::applyRetention, Math.min(every, 5_000), every, TimeUnit.MILLISECONDS);
        }
        resumeRequested();
        if (!config.record().isBlank()) {
            try {
                context.createFilter(config.record());
            } catch (org.osgi.framework.InvalidSyntaxException e) {
                throw new IllegalArgumentException("record: '" + config.record() + "' is not an LDAP filter: " + e.getMessage());
            }
            Dictionary<String, Object> props = new Hashtable<>();
            props.put(MediaHandler.TARGET, config.record());
            props.put(MediaHandler.NAME, "recorder");
            props.put(MediaHandler.QUEUE_CAPACITY, queue);
            autoHandler = context.registerService(MediaHandler.class,
                    stream -> stoppedByRequest(stream.id()) ? null : session(stream, "auto"), props);
        }
        LOG.info("Recorder ready: {} recordings in the index, storage '{}'", index.all().size(), storageName);
    }

    @Deactivate
    void deactivate() {
        boolean shuttingDown = context.getBundle(0).getState() == Bundle.STOPPING;
        detachReason = shuttingDown ? "gateway shutting down" : RECORDER_STOPPED;
        if (autoHandler != null) {
            try {
                autoHandler.unregister();
            } catch (IllegalStateException alreadyGone) {
                // unregistered with the bundle
            }
        }
        for (RecordingSession s : List.copyOf(sessions.values())) {
            s.interrupt(detachReason); // finishes the file before it returns
            s.detach();
        }
        housekeeping.shutdownNow();
    }

    private static Path indexDir(BundleContext context, String configured) {
        if (!configured.isBlank()) return Path.of(configured);
        String data = context.getProperty("gateway.data");
        return data != null ? Path.of(data, "recordings", "index") : context.getDataFile("index").toPath();
    }

    // ---- used by sessions

    Settings settings() {
        return settings;
    }

    RecordingIndex index() {
        return index;
    }

    RecordingStorage storage() {
        return storage;
    }

    String detachReason() {
        return detachReason;
    }

    void publish(String type, Recording r) {
        events.publish(GatewayEvent.now(type, r));
    }

    String objectName(String id, Instant start) {
        return DAY.format(start) + "/" + id + ".ogg";
    }

    Recording nextSegment(Recording ended) {
        return new Recording(newId(), ended.stream(), ended.event(), ended.origin(), ended.mode(), ended.series(),
                ended.segment() + 1, null, null, Recording.RECORDING, null, null, null, 0, 0, null, 0, storageName, null);
    }

    /** The recording of this stream that the last recorder stop interrupted, if it has no successor yet. */
    Recording previousOf(String streamId) {
        List<Recording> ofStream = index.all().stream().filter(r -> r.stream().equals(streamId)).toList();
        Set<String> continued = ofStream.stream().map(Recording::previous).filter(Objects::nonNull).collect(Collectors.toSet());
        return ofStream.stream()
                .filter(r -> Recording.INTERRUPTED.equals(r.state()) && r.reason() != null
                        && r.reason().startsWith(RECORDER_STOPPED) && r.end() != null && !continued.contains(r.id()))
                .max(Comparator.comparing(Recording::end))
                .orElse(null);
    }

    void forget(Recording r) {
        sessions.remove(r.series());
    }

    void ended(RecordingSession s) {
        sessions.remove(s.series(), s);
        if (settings.maxAgeMillis() > 0 || settings.maxTotalBytes() > 0) {
            try {
                housekeeping.execute(this::applyRetention);
            } catch (RuntimeException stopping) {
                // the recorder is stopping
            }
        }
    }

    // ---- operations for the REST resource

    /**
     * Starts recording a live stream.
     *
     * @param streamId the stream
     * @return the new recording
     */
    Recording start(String streamId) {
        LiveStream stream = registry.find(streamId)
                .orElseThrow(() -> ProblemException.notFound("no live stream '" + streamId + "'"));
        if (stream.state().isTerminal()) throw ProblemException.conflict("stream '" + streamId + "' has ended");
        Optional<RecordingSession> running = sessionOf(streamId);
        if (running.isPresent()) {
            throw ProblemException.conflict("stream '" + streamId + "' is already being recorded as " + running.get().current().id());
        }
        RecordingSession session = session(stream, "request");
        if (session == null) throw ProblemException.conflict("stream '" + streamId + "' is already being recorded");
        try {
            session.attachment(registry.attach(streamId, s -> session));
        } catch (RuntimeException e) {
            sessions.remove(session.series(), session);
            throw ProblemException.conflict("stream '" + streamId + "' cannot be recorded: " + e.getMessage());
        }
        return session.current();
    }

    /**
     * Stops the recording (any file of a running series).
     *
     * @param id a recording id
     * @return its final entry
     */
    Recording stop(String id) {
        Recording r = find(id);
        RecordingSession s = sessions.get(r.series());
        if (s == null) throw ProblemException.conflict("recording '" + id + "' is not in progress (state " + r.state() + ")");
        return s.stop();
    }

    /** @return the entry with live figures if it is being written */
    Recording find(String id) {
        Recording r = index.get(id).orElse(null);
        if (r == null) {
            r = sessions.values().stream().map(RecordingSession::current).filter(c -> c.id().equals(id)).findFirst()
                    .orElseThrow(() -> ProblemException.notFound("no recording '" + id + "'"));
        }
        RecordingSession s = sessions.get(r.series());
        if (s != null) {
            Recording live = s.current();
            if (live.id().equals(id)) return live;
        }
        return r;
    }

    /** @return all entries, live figures for those being written, newest first */
    List<Recording> list(Predicate<Recording> filter) {
        Map<String, Recording> all = new ConcurrentHashMap<>();
        index.all().forEach(r -> all.put(r.id(), r));
        sessions.values().forEach(s -> {
            Recording live = s.current();
            all.put(live.id(), live);
        });
        return all.values().stream().filter(filter)
                .sorted(Comparator.comparing((Recording r) -> r.start() == null ? "~" : r.start()).reversed()
                        .thenComparing(Recording::id, Comparator.reverseOrder()))
                .toList();
    }

    /**
     * Deletes a finished recording and its file.
     *
     * @param id the recording
     * @param why reason published with the event
     * @throws IOException if the file cannot be deleted
     */
    void delete(String id, String why) throws IOException {
        Recording r = find(id);
        if (r.active()) throw ProblemException.conflict("recording '" + id + "' is in progress; stop it first (POST /recordings/" + id + "/stop)");
        if (r.object() != null) storage.delete(r.object());
        index.remove(id);
        Map<String, Object> data = new java.util.LinkedHashMap<>();
        data.put("id", id);
        data.put("stream", r.stream());
        data.put("event", r.event());
        data.put("reason", why);
        events.publish(GatewayEvent.now("recording-deleted", data));
    }

    // ---- internals

    /** An operator stopped this stream's recording: a recorder restart must not start it again. */
    private boolean stoppedByRequest(String streamId) {
        return index.all().stream().filter(r -> r.stream().equals(streamId) && r.end() != null)
                .max(Comparator.comparing(Recording::end))
                .map(r -> STOPPED_BY_REQUEST.equals(r.reason())).orElse(false);
    }

    private synchronized RecordingSession session(LiveStream stream, String mode) {
        if (sessionOf(stream.id()).isPresent()) return null; // already recorded (on request, or automatically)
        String id = newId();
        String event = stream.metadata().get("event");
        Recording interrupted = previousOf(stream.id()); // the file a recorder restart cut short, if any
        Recording first = new Recording(id, stream.id(), event, stream.origin(), mode, id, 0,
                interrupted == null ? null : interrupted.id(), null,
                Recording.RECORDING, null, null, null, 0, 0, null, 0, storageName, null);
        RecordingSession s = new RecordingSession(this, stream, first, interrupted);
        sessions.put(id, s);
        return s;
    }

    private Optional<RecordingSession> sessionOf(String streamId) {
        return sessions.values().stream().filter(s -> s.streamId().equals(streamId)).findFirst();
    }

    private static String newId() {
        byte[] r = new byte[3];
        ThreadLocalRandom.current().nextBytes(r);
        return ID_TIME.format(Instant.now()) + "-" + HexFormat.of().formatHex(r);
    }

    /** Requested recordings interrupted by the last recorder stop continue on streams that are still live. */
    private void resumeRequested() {
        for (Recording r : List.copyOf(index.all())) {
            if (!"request".equals(r.mode()) || previousOf(r.stream()) != r) continue;
            registry.find(r.stream()).filter(s -> !s.state().isTerminal()).ifPresent(stream -> {
                RecordingSession s = session(stream, "request");
                if (s == null) return;
                try {
                    s.attachment(registry.attach(stream.id(), x -> s));
                    LOG.info("Recording of stream {} resumes after a recorder restart (continues {})", stream.id(), r.id());
                } catch (RuntimeException e) {
                    sessions.remove(s.series(), s);
                    LOG.warn("Recording of stream {} cannot resume: {}", stream.id(), e.getMessage());
                }
            });
        }
    }

    /** Finishes what an earlier run left in state recording (the gateway was killed or crashed). */
    private void recoverUnfinished() {
        for (Recording r : index.unfinished()) {
            Recording fixed;
            String end;
            try {
                if (r.object() == null) {
                    fixed = r.ended(Recording.INTERRUPTED, "the gateway stopped before audio arrived", r.start(), 0, 0, null, 0);
                } else {
                    OggRepair.Result result = OggRepair.repair(storage, r.object());
                    end = r.start() == null ? null : Instant.parse(r.start()).plusMillis(result.durationMillis()).toString();
                    if (!result.playable()) {
                        fixed = r.ended(Recording.FAILED, "the gateway stopped unexpectedly before a complete audio page was written",
                                end, 0, result.size(), result.checksum(), 0);
                    } else {
                        fixed = r.ended(Recording.INTERRUPTED, "the gateway stopped unexpectedly; the file was repaired up to its last complete page"
                                + (result.discarded() > 0 ? " (" + result.discarded() + " bytes of a torn page dropped)" : ""),
                                end, result.durationMillis(), result.size(), result.checksum(), result.packets());
                    }
                }
            } catch (NoSuchFileException e) {
                fixed = r.ended(Recording.FAILED, "the file is missing from storage '" + r.storage() + "'", r.start(), 0, 0, null, 0);
            } catch (IOException | RuntimeException e) {
                fixed = r.ended(Recording.FAILED, "repair after an unexpected stop failed: " + e.getMessage(), r.start(), 0, 0, null, 0);
            }
            try {
                index.put(fixed);
                publish("recording-recovered", fixed);
                LOG.info("Recording {} of stream {} recovered after an unexpected stop: {} ms, {} bytes, {}", fixed.id(),
                        fixed.stream(), fixed.durationMillis(), fixed.size(), fixed.state());
            } catch (IOException e) {
                LOG.error("Recording {}: the index could not be updated: {}", r.id(), e.toString());
            }
        }
    }

    /** Deletes finished recordings beyond the configured age or total size, oldest first. */
    void applyRetention() {
        try {
            long now = System.currentTimeMillis();
            List<Recording> finished = index.all().stream().filter(r -> !r.active())
                    .sorted(Comparator.comparing((Recording r) -> r.end() == null ? "" : r.end())).toList();
            long total = list(r -> true).stream().mapToLong(Recording::size).sum();
            for (Recording r : finished) {
                String why = null;
                long endMillis = r.end() == null ? 0 : Instant.parse(r.end()).toEpochMilli();
                if (settings.maxAgeMillis() > 0 && now - endMillis > settings.maxAgeMillis()) {
                    why = "retention: older than " + Units.describe(java.time.Duration.ofMillis(settings.maxAgeMillis()));
                } else if (settings.maxTotalBytes() > 0 && total > settings.maxTotalBytes()) {
                    why = "retention: recordings above " + Units.describe(settings.maxTotalBytes()) + " in total";
                }
                if (why == null) continue;
                try {
                    delete(r.id(), why);
                    total -= r.size();
                    LOG.info("Recording {} deleted ({})", r.id(), why);
                } catch (IOException | RuntimeException e) {
                    LOG.warn("Retention could not delete recording {}: {}", r.id(), e.getMessage());
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("Retention pass failed", e);
        }
    }
}

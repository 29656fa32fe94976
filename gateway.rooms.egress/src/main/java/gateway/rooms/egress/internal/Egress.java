package gateway.rooms.egress.internal;

import gateway.api.rooms.EgressException;
import gateway.api.rooms.EgressInfo;
import gateway.api.rooms.EgressRequest;
import gateway.api.rooms.EgressStatus;
import gateway.api.stream.Attachment;
import gateway.api.stream.LiveStream;
import gateway.api.stream.MediaPacket;
import gateway.api.stream.MediaSession;
import gateway.api.stream.StreamPublisher;
import gateway.api.stream.StreamRegistry;
import gateway.api.stream.StreamSpec;
import gateway.api.stream.StreamState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One egress: a relay of its source stream (a track's stream, or the room's mix) into a live stream of its own whose
 * packets are the source's, unchanged. A recorded egress's stream asks the recorder to record it ({@code record=true},
 * {@code event} = the egress id, so {@code /recordings?event=EG_…} lists its files); a streaming egress's stream goes
 * to its {@link SrtStreamOutput}s. Status moves STARTING → ACTIVE (first packet relayed) → ENDING (stop, the source's
 * end) → COMPLETE once the recordings are finished or the outputs closed; FAILED or ABORTED with the reason otherwise.
 */
final class Egress implements MediaSession {
    private final String id;
    private final String roomSid;
    private final EgressRequest request;
    private final StreamRegistry registry;
    private final Consumer<Egress> changed;
    private final long createdMs;
    private final Map<String, EgressInfo.File> files = new LinkedHashMap<>();
    private final List<SrtStreamOutput> outputs = new ArrayList<>();
    private EgressStatus status = EgressStatus.EGRESS_STARTING;
    private long startedAtMs;
    private long endedAtMs;
    private long updatedAtMs = System.currentTimeMillis();
    private String error;
    private String details;
    private StreamPublisher relay;
    private Attachment source;
    /** Set when the service stops: the source's end that follows is not the egress's. */
    private boolean suspended;

    /**
     * @param id       the egress id
     * @param roomSid  its room's sid
     * @param request  what it records or streams
     * @param registry the registry
     * @param changed  told after every change of status, outputs or files (not under this object's lock)
     */
    Egress(String id, String roomSid, EgressRequest request, StreamRegistry registry, Consumer<Egress> changed) {
        this.id = id;
        this.roomSid = roomSid;
        this.request = request;
        this.registry = registry;
        this.changed = changed;
        this.createdMs = System.currentTimeMillis();
    }

    /**
     * An egress saved by an earlier run of the egress service, to be {@linkplain #start started} again. Its recordings
     * that were still being written when it was saved are {@code unconfirmed}: the recorder finished them while no
     * egress service listened.
     *
     * @param saved    what was saved
     * @param registry the registry
     * @param changed  as for a new egress
     */
    Egress(EgressJournal.Entry saved, StreamRegistry registry, Consumer<Egress> changed) {
        this.id = saved.id();
        this.roomSid = saved.roomSid();
        this.request = saved.request();
        this.registry = registry;
        this.changed = changed;
        this.createdMs = saved.createdMs();
        this.status = saved.status();
        this.startedAtMs = saved.startedAtMs();
        for (EgressInfo.File f : saved.files()) {
            files.put(f.recording(), "recording".equals(f.state())
                    ? new EgressInfo.File(f.recording(), f.startedAtMs(), f.endedAtMs(), f.durationMillis(), f.size(), "unconfirmed") : f);
        }
    }

    /** @return what the journal keeps of it, to resume it (stream URLs with their passphrases) */
    synchronized EgressJournal.Entry entry() {
        List<String> urls = request.streams()
                ? outputs.stream().filter(SrtStreamOutput::active).map(o -> o.url().url()).toList() : List.of();
        if (request.streams() && urls.isEmpty()) urls = request.streamUrls();
        return new EgressJournal.Entry(id, roomSid, request.kind(), request.room(), request.participant(), request.track(), urls,
                status, createdMs, startedAtMs, new ArrayList<>(files.values()));
    }

    /** @return when it was created, in ms since the epoch */
    long createdMs() {
        return createdMs;
    }

    /**
     * The egress service stops: detaches from the source and closes the relay and its outputs, leaving the status as it
     * is, so that the egress resumes from its saved entry when the service runs again.
     *
     * @param reason why, for the relay stream's end
     */
    void suspend(String reason) {
        closeRelay(reason, true);
    }

    /** @return true while a recording of it is still being written */
    synchronized boolean recording() {
        return files.values().stream().anyMatch(f -> "recording".equals(f.state()));
    }

    String id() {
        return id;
    }

    EgressRequest request() {
        return request;
    }

    /**
     * Opens the relay stream and attaches it to its source; the outputs start once it is open.
     *
     * @param sourceStream the stream to relay
     * @param metadata     what the relay's metadata says besides the egress
     */
    void start(LiveStream sourceStream, Map<String, String> metadata) {
        Map<String, String> meta = new HashMap<>(metadata);
        meta.put("egress", id);
        meta.put("room", request.room());
        if (!request.streams()) {
            meta.put("record", "true");
            meta.put("event", id);
        }
        StreamPublisher p = registry.open(new StreamSpec("egress", sourceStream.format(), meta));
        if (!sourceStream.codecHeaders().isEmpty()) p.setCodecHeaders(sourceStream.codecHeaders());
        synchronized (this) {
            relay = p;
        }
        for (String url : request.streamUrls()) addOutput(SrtUrl.parse(url));
        try {
            Attachment a = registry.attach(sourceStream.id(), s -> this, Map.of("gateway.media.name", "egress " + id, "gateway.media.queue", 250));
            synchronized (this) {
                source = a;
            }
        } catch (RuntimeException e) {
            end(EgressStatus.EGRESS_ABORTED, "its source ended before it started: " + e.getMessage());
        }
    }

    @Override
    public void onPacket(MediaPacket packet) {
        StreamPublisher p;
        boolean first = false;
        synchronized (this) {
            p = relay;
            if (status == EgressStatus.EGRESS_STARTING) {
                status = EgressStatus.EGRESS_ACTIVE;
                startedAtMs = updatedAtMs = System.currentTimeMillis();
                first = true;
            }
        }
        if (first) changed.accept(this);
        try {
            p.send(packet.timestampMicros(), packet.durationMicros(), packet.payload().duplicate());
        } catch (RuntimeException ended) {
            // the gateway ended the relay (it is stopping): the egress ends with it
        }
    }

    @Override
    public void onEnd(StreamState state, String reason) {
        sourceGone(state == StreamState.FAILED ? "its source failed: " + reason : null, reason);
    }

    @Override
    public void onDetached() {
        sourceGone(null, "detached");
    }

    private void sourceGone(String failure, String reason) {
        synchronized (this) {
            if (suspended || !status.active() || status == EgressStatus.EGRESS_ENDING) return;
            if (status == EgressStatus.EGRESS_STARTING) {
                status = EgressStatus.EGRESS_ABORTED;
                error = "its source ended before any audio: " + reason;
            } else {
                status = EgressStatus.EGRESS_ENDING;
                details = "source ended: " + reason;
                if (failure != null) error = failure;
            }
            updatedAtMs = System.currentTimeMillis();
        }
        finishRelay("source ended");
    }

    /** @throws EgressException NOT_ACTIVE when it has ended or is ending */
    void stop() {
        synchronized (this) {
            if (!status.active() || status == EgressStatus.EGRESS_ENDING) {
                throw new EgressException(EgressException.Reason.NOT_ACTIVE, "egress " + id + " is " + status + " already");
            }
            status = status == EgressStatus.EGRESS_STARTING ? EgressStatus.EGRESS_ABORTED : EgressStatus.EGRESS_ENDING;
            if (status == EgressStatus.EGRESS_ABORTED) error = "stopped before any audio";
            details = "stopped by request";
            updatedAtMs = System.currentTimeMillis();
        }
        finishRelay("egress stopped");
    }

    /**
     * Ends it at once, e.g. when its room closed or the egress service stops.
     *
     * @param state  the final state
     * @param reason why
     */
    void end(EgressStatus state, String reason) {
        synchronized (this) {
            if (!status.active()) return;
            status = state;
            details = reason;
            if (state != EgressStatus.EGRESS_ENDING) error = reason;
            updatedAtMs = System.currentTimeMillis();
            if (!state.active()) endedAtMs = updatedAtMs;
        }
        finishRelay(reason);
    }

    /** Detaches from the source, ends the relay stream and finishes its outputs; a suspension also forgets the source. */
    private void closeRelay(String reason, boolean suspend) {
        Attachment a;
        StreamPublisher p;
        List<SrtStreamOutput> outs;
        synchronized (this) {
            a = source;
            p = relay;
            outs = List.copyOf(outputs);
            if (suspend) {
                source = null;
                suspended = true;
            }
        }
        if (a != null) a.close();
        if (p != null) p.end(reason);
        outs.forEach(SrtStreamOutput::finish);
    }

    private void finishRelay(String reason) {
        closeRelay(reason, false);
        changed.accept(this);
        settle();
    }

    /**
     * Moves an ending egress to its final state when nothing is left to finish: every recording ended (a recorded
     * egress), every output closed (a streaming one).
     */
    void settle() {
        synchronized (this) {
            if (status == EgressStatus.EGRESS_ENDING) {
                boolean recording = files.values().stream().anyMatch(f -> "recording".equals(f.state()));
                if (recording) return;
                if (!request.streams() && files.isEmpty()) return; // the recorder has not reported yet: see expire()
                status = files.values().stream().anyMatch(f -> "failed".equals(f.state())) ? EgressStatus.EGRESS_FAILED : EgressStatus.EGRESS_COMPLETE;
                if (status == EgressStatus.EGRESS_FAILED && error == null) error = "its recording failed";
                updatedAtMs = endedAtMs = System.currentTimeMillis();
            } else if (status.active() || endedAtMs != 0) {
                return;
            } else {
                endedAtMs = updatedAtMs = System.currentTimeMillis();
            }
        }
        changed.accept(this);
    }

    /**
     * An ending recorded egress the recorder never reported on: it made no recording.
     *
     * @param nowMs   now
     * @param graceMs how long the recorder may take to report
     */
    void expire(long nowMs, long graceMs) {
        synchronized (this) {
            if (status != EgressStatus.EGRESS_ENDING || nowMs - updatedAtMs < graceMs) return;
            status = EgressStatus.EGRESS_FAILED;
            error = files.isEmpty() ? "no recording was made: the recorder is not running, or its record filter does not select "
                    + "streams with metadata.record=true" : "the recorder did not finish its recording";
            updatedAtMs = endedAtMs = nowMs;
        }
        changed.accept(this);
    }

    /**
     * The recorder reported on a recording of this egress's stream.
     *
     * @param file the recording as it is now
     */
    void recording(EgressInfo.File file) {
        synchronized (this) {
            files.put(file.recording(), file);
            updatedAtMs = System.currentTimeMillis();
        }
        changed.accept(this);
        settle();
    }

    /**
     * @param add    URLs to add
     * @param remove URLs to remove (as given or as shown)
     * @throws EgressException NOT_ACTIVE unless it is a running streaming egress; INVALID for a URL it does not have
     */
    void updateStreams(List<SrtUrl> add, List<String> remove) {
        List<SrtStreamOutput> removed = new ArrayList<>();
        synchronized (this) {
            if (!request.streams()) throw new EgressException(EgressException.Reason.NOT_ACTIVE, "egress " + id + " records; it has no stream outputs");
            if (!status.active() || status == EgressStatus.EGRESS_ENDING) {
                throw new EgressException(EgressException.Reason.NOT_ACTIVE, "egress " + id + " is " + status);
            }
            for (String r : remove) {
                SrtStreamOutput o = outputs.stream().filter(x -> x.active() && (x.url().url().equals(r.trim()) || x.url().redacted().equals(r.trim())))
                        .findFirst().orElseThrow(() -> new EgressException(EgressException.Reason.INVALID, "egress " + id + " does not stream to " + SrtUrl.parse(r).redacted()));
                removed.add(o);
            }
            for (SrtUrl u : add) {
                if (outputs.stream().anyMatch(x -> x.active() && x.url().url().equals(u.url()))) {
                    throw new EgressException(EgressException.Reason.INVALID, "egress " + id + " streams to " + u.redacted() + " already");
                }
            }
            updatedAtMs = System.currentTimeMillis();
        }
        removed.forEach(SrtStreamOutput::finish);
        add.forEach(this::addOutput);
        changed.accept(this);
    }

    private void addOutput(SrtUrl url) {
        SrtStreamOutput out = new SrtStreamOutput(url, this::outputChanged);
        LiveStream stream;
        synchronized (this) {
            outputs.add(out);
            stream = relay.stream();
        }
        out.start(registry, stream);
    }

    private void outputChanged(SrtStreamOutput output) {
        boolean allFailed;
        synchronized (this) {
            if (suspended) return;
            updatedAtMs = System.currentTimeMillis();
            allFailed = status.active() && status != EgressStatus.EGRESS_ENDING && outputs.stream().noneMatch(SrtStreamOutput::active)
                    && outputs.stream().allMatch(o -> "FAILED".equals(o.info().status()));
        }
        if (allFailed) {
            end(EgressStatus.EGRESS_FAILED, "every stream output failed: " + output.info().error());
        } else {
            changed.accept(this);
        }
    }

    /** @return the relay's stream id, or null before it is open */
    synchronized String stream() {
        return relay == null ? null : relay.stream().id();
    }

    /** @return it as it is now */
    synchronized EgressInfo info() {
        EgressRequest shown = new EgressRequest(request.kind(), request.room(), request.participant(), request.track(),
                request.streamUrls().stream().map(u -> SrtUrl.parse(u).redacted()).toList()); // passphrases are secrets
        return new EgressInfo(id, roomSid, shown, status, startedAtMs, endedAtMs, updatedAtMs, error, details, stream(),
                new ArrayList<>(files.values()), outputs.stream().map(SrtStreamOutput::info).toList());
    }
}

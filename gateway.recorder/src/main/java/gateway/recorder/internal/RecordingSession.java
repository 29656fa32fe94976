package gateway.recorder.internal;

import gateway.api.recording.StorageWriter;
import gateway.api.stream.Attachment;
import gateway.api.stream.LiveStream;
import gateway.api.stream.MediaPacket;
import gateway.api.stream.MediaSession;
import gateway.api.stream.StreamState;
import gateway.lib.ogg.OggFormatException;
import gateway.lib.ogg.OpusHead;
import gateway.lib.ogg.OpusTags;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records one live stream: a series of Ogg/Opus files (one, or one per segment duration), each an
 * index entry. Runs on the stream's delivery thread for this handler, so a slow disk delays only this
 * session's queue, never the stream. Every public method is synchronized because a stop request
 * arrives from an HTTP thread.
 *
 * <p>A storage failure ends the series in state {@code failed}; the session then ignores the stream
 * (which goes on for everyone else).
 */
final class RecordingSession implements MediaSession {
    private static final Logger LOG = LoggerFactory.getLogger(RecordingSession.class);

    private final RecordingSessions owner;
    private final SessionContext context;
    private final LiveStream stream;
    private final String series;
    private final RecordingMode mode;
    private Recording current;
    private SegmentWriter writer;
    private List<ByteBuffer> headersInUse;
    private long segmentEndsAtMillis = Long.MAX_VALUE;
    private final MediaClock clock = new MediaClock(System::currentTimeMillis);
    private boolean finished;
    private boolean stopRequested;
    private volatile Attachment attachment;
    /** The pre-roll of the next segment. */
    private final PreRoll recent = new PreRoll();

    /** The file this session continues (interrupted by a recorder restart), until its first file opens. */
    private Recording continues;

    /**
     * @param owner     the registry of sessions, told when this one ends
     * @param context   what the session writes through
     * @param stream    the stream recorded
     * @param first     the entry of its first file
     * @param continues the file a recorder restart interrupted, which the first file continues; or null
     */
    RecordingSession(RecordingSessions owner, SessionContext context, LiveStream stream, Recording first, Recording continues) {
        this.owner = owner;
        this.context = context;
        this.stream = stream;
        this.series = first.series();
        this.mode = first.mode();
        this.current = first;
        this.continues = continues;
    }

    /** @return the entry being written now (or the last one, once finished) with live figures */
    synchronized Recording current() {
        return writer == null ? current : current.progress(writer.durationMillis(), writer.size(), writer.packets());
    }

    String streamId() {
        return stream.id();
    }

    String series() {
        return series;
    }

    /** @return why the stream is recorded; never changes, read without the session's lock */
    RecordingMode mode() {
        return mode;
    }

    /**
     * Finishes the file now, from the recorder's stopping thread, without waiting for packets still
     * queued (a slow disk may have a backlog): the recorder bundle stops promptly and the next one
     * resumes on the live stream.
     *
     * @param why why: the recorder or the gateway stopping
     */
    synchronized void interrupt(Ending why) {
        finish(RecordingState.INTERRUPTED, why, why.reason());
    }

    /** Detaches a requested recording from its stream (automatic ones detach with the handler service). */
    void detach() {
        Attachment a = attachment;
        if (a != null) a.close();
    }

    void attachment(Attachment a) {
        this.attachment = a;
    }

    @Override
    public synchronized void onPacket(MediaPacket packet) {
        if (finished) return;
        try {
            boolean segmentDue = writer != null && clock.wallMillis(packet.timestampMicros()) >= segmentEndsAtMillis;
            if (writer == null) {
                openSegment(packet, continues);
                continues = null;
            } else if (segmentDue || headersChanged()) {
                Ending why = segmentDue ? Ending.SEGMENT_DURATION : Ending.CODEC_HEADERS_CHANGED;
                Recording ended = closeSegment(RecordingState.COMPLETE, why, why.reason());
                current = ended.next(context.names().newId());
                openSegment(packet, ended);
            }
            byte[] bytes = new byte[packet.size()];
            packet.payload().get(packet.payload().position(), bytes);
            writer.write(bytes);
            recent.add(bytes);
        } catch (IOException | OggFormatException | RuntimeException e) {
            fail(e);
        }
    }

    @Override
    public synchronized void onEnd(StreamState state, String reason) {
        finish(RecordingState.COMPLETE, Ending.STREAM_ENDED,
                (state == StreamState.FAILED ? "stream failed: " : "stream ended: ") + reason);
    }

    @Override
    public synchronized void onDetached() {
        if (stopRequested) {
            finish(RecordingState.COMPLETE, Ending.STOPPED_BY_REQUEST, Ending.STOPPED_BY_REQUEST.reason());
        } else {
            Ending why = owner.detachEnding();
            finish(RecordingState.INTERRUPTED, why, why.reason());
        }
    }

    @Override
    public void onMetadata(Map<String, String> metadata) {
        // tags travel in the codec headers, which are checked on the next packet
    }

    /**
     * Stops recording now (from {@code POST /recordings/{id}/stop}).
     *
     * @return the final entry
     */
    Recording stop() {
        Attachment a;
        Recording last;
        synchronized (this) {
            stopRequested = true;
            finish(RecordingState.COMPLETE, Ending.STOPPED_BY_REQUEST, Ending.STOPPED_BY_REQUEST.reason()); // finished (or failed) when this returns
            a = attachment;
            last = current;
        }
        if (a != null) a.close(); // requested recordings detach; an automatic one stays attached, idle
        return last;
    }

    private boolean headersChanged() {
        List<ByteBuffer> h = stream.codecHeaders();
        return !h.isEmpty() && !h.equals(headersInUse);
    }

    private void openSegment(MediaPacket packet, Recording previous) throws IOException, OggFormatException {
        long startMillis = clock.wallMillis(packet.timestampMicros());
        Instant now = Instant.ofEpochMilli(startMillis);
        long seg = context.settings().segmentMillis();
        segmentEndsAtMillis = seg > 0 ? (startMillis / seg + 1) * seg : Long.MAX_VALUE;
        String object = RecordingNames.objectName(current.id(), now);
        Long gap = previous == null ? null
                : previous.series().equals(current.series()) ? 0L
                : Math.max(0, now.toEpochMilli() - Instant.parse(previous.end()).toEpochMilli());
        current = current.startedAt(now.toString(), object, previous == null ? null : previous.id(), gap);
        boolean continuation = previous != null && previous.series().equals(current.series()) && !recent.isEmpty()
                && !headersChanged();
        headersInUse = stream.codecHeaders();
        OpusHead head = head(headersInUse, packet);
        if (continuation) head = head.withPreSkip((int) recent.samples());
        OpusTags tags = tags(headersInUse);
        context.index().put(current);
        StorageWriter out = context.storage().create(object);
        try {
            writer = new SegmentWriter(out, head, tags, context.settings().pageSamples(), context.settings().syncNanos(),
                    context.totals());
            if (continuation) {
                // the previous file's last 80 ms again, decoded only to prime the decoder (pre-skip), so the
                // files join without a gap or an overlap in the audio
                for (byte[] p : recent.packets()) writer.write(p);
            } else {
                recent.clear();
            }
        } catch (IOException | RuntimeException e) {
            try {
                out.close();
            } catch (IOException ignored) {
                // the first failure is the one reported
            }
            throw e;
        }
        context.events().publish(RecordingEvent.STARTED, current);
    }

    /** The source's OpusHead (with the encoder's pre-skip), or one built from the stream's format. */
    private OpusHead head(List<ByteBuffer> headers, MediaPacket packet) throws OggFormatException {
        return headers.isEmpty()
                ? OpusHead.of(stream.format().channels(), 312, stream.format().sampleRate())
                : OpusHead.parse(bytes(headers.get(0)));
    }

    private OpusTags tags(List<ByteBuffer> headers) throws OggFormatException {
        if (headers.size() >= 2) return OpusTags.parse(bytes(headers.get(1)));
        List<String> comments = new ArrayList<>();
        stream.metadata().forEach((k, v) -> comments.add(k + "=" + v));
        return OpusTags.of("gateway", comments);
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.get(b.position(), out);
        return out;
    }

    /** Where a file's audio ends on the wall clock: its start plus its playable duration. */
    private String endOf(long durationMillis) {
        return Instant.parse(current.start()).plusMillis(durationMillis).toString();
    }

    private Recording closeSegment(RecordingState state, Ending why, String reason) throws IOException {
        SegmentWriter w = writer;
        writer = null;
        w.finish();
        Recording ended = current.ended(state, reason, endOf(w.durationMillis()), w.durationMillis(), w.size(),
                w.checksum(), w.packets());
        current = ended;
        context.index().put(ended, why);
        context.totals().countFinished(state);
        context.events().publish(RecordingEvent.ENDED, ended);
        return ended;
    }

    private void finish(RecordingState state, Ending why, String reason) {
        if (finished) return;
        finished = true;
        try {
            if (writer != null) {
                closeSegment(state, why, reason);
            } else {
                current = current.ended(state, reason + "; no audio was recorded", Instant.now().toString(), 0, 0, null, 0);
                // an automatic recording of a stream that never sent audio leaves nothing to keep
                if (current.object() != null || state != RecordingState.COMPLETE || current.mode() != RecordingMode.AUTO) {
                    context.index().put(current, why);
                    context.totals().countFinished(state);
                    context.events().publish(RecordingEvent.ENDED, current);
                }
            }
        } catch (IOException | RuntimeException e) {
            finished = false;
            fail(e);
            return;
        }
        owner.ended(this);
    }

    /** An operator-readable reason: "permission denied: /srv/rec/x.ogg" rather than just the path. */
    static String describe(IOException e) {
        if (e instanceof java.nio.file.AccessDeniedException a) return "permission denied: " + a.getFile();
        if (e instanceof java.nio.file.NoSuchFileException n) return "no such file or folder: " + n.getFile();
        if (e instanceof java.nio.file.FileSystemException f) {
            return (f.getReason() == null ? "file system error" : f.getReason()) + ": " + f.getFile();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private void fail(Exception e) {
        if (finished) return;
        finished = true;
        String reason = e instanceof IOException io ? describe(io)
                : e instanceof OggFormatException ? "the stream's Opus headers are invalid: " + e.getMessage()
                : "internal error: " + e;
        LOG.warn("Recording {} of stream {} failed: {}", current.id(), stream.id(), reason,
                e instanceof RuntimeException ? e : null);
        SegmentWriter w = writer;
        writer = null;
        long duration = 0, size = 0, packets = 0;
        String checksum = null;
        if (w != null) {
            w.abandon();
            duration = w.durationMillis();
            size = w.size();
            packets = w.packets();
        }
        if (current.object() != null) {
            try { // keep what was written playable
                OggRepair.Result r = OggRepair.repair(context.storage(), current.object());
                duration = r.durationMillis();
                size = r.size();
                packets = r.packets();
                checksum = r.checksum();
            } catch (IOException | RuntimeException repairFailed) {
                LOG.warn("Recording {}: the partial file could not be finished: {}", current.id(), repairFailed.toString());
            }
        }
        current = current.ended(RecordingState.FAILED, reason, current.start() == null ? Instant.now().toString() : endOf(duration),
                duration, size, checksum, packets);
        try {
            context.index().put(current, Ending.FAILED);
        } catch (IOException indexFailed) {
            LOG.error("Recording {}: the index could not be updated: {}", current.id(), indexFailed.toString());
        }
        context.totals().countFailure(RecorderTotals.WriteFailure.of(e));
        context.totals().countFinished(RecordingState.FAILED);
        context.events().publish(RecordingEvent.FAILED, current);
        owner.ended(this);
    }
}

package gateway.rooms.internal;

import gateway.api.rooms.IngressFeed;
import gateway.api.rooms.IngressFeedListener;
import gateway.api.rooms.IngressFeedSettings;
import gateway.api.rooms.IngressPushRequest;
import gateway.api.rooms.ParticipantInfo;
import gateway.api.rooms.ParticipantPermission;
import gateway.api.rooms.RoomException;
import gateway.api.rooms.RoomInfo;
import gateway.api.rooms.RoomListener;
import gateway.api.rooms.RoomService;
import gateway.api.rooms.TrackInfo;
import gateway.api.stream.StreamEndedException;
import gateway.api.stream.StreamFormat;
import gateway.api.stream.StreamPublisher;
import gateway.api.stream.StreamRegistry;
import gateway.api.stream.StreamSpec;
import gateway.lib.ogg.OggFormatException;
import gateway.lib.ogg.OggPage;
import gateway.lib.ogg.OggPageReader;
import gateway.lib.ogg.OpusDemuxer;
import gateway.lib.ogg.OpusHead;
import gateway.lib.ogg.OpusTags;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An Ogg/Opus input of an ingress (an HTTP or SRT pull, an SRT push), run on its own thread and held by the rooms
 * bundle so that it outlives an update of the ingress plugin: once the Opus headers arrived the ingress's participant
 * joins the room and the Opus packets become a live stream (untouched) that it publishes as its track. The input's
 * end — the source's end, a failure, input that is not Ogg/Opus, silence, the room's decision — ends both, and
 * whoever follows the feed now (the plugin's current revision, or nobody during its update) is told.
 */
final class OggFeed implements RoomListener, OpusDemuxer.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(OggFeed.class);
    /** An ingress's participant publishes and subscribes to nothing, as LiveKit's ingress participants. */
    private static final ParticipantPermission PUBLISH_ONLY = new ParticipantPermission(false, true, false, false, false);
    final IngressPushRequest who;
    /** The bundle whose listener started the feed: its uninstallation ends the feed. */
    final long owner;
    /** Whether it came through the SRT listener (closing that ends it). */
    final boolean srtCaller;
    private final ByteSource source;
    private final Duration idleTimeout;
    /** How long the source may take to connect and send its first bytes, on top of the idle timeout. */
    private final Duration connectTimeout;
    private final RoomService rooms;
    private final StreamRegistry registry;
    private final Consumer<OggFeed> gone;
    private final long startedAtMs = System.currentTimeMillis();
    private volatile String stopped;
    /** Set with {@link #stopped} when the stop is a failure (the source went silent). */
    private volatile boolean stoppedFailed;
    private volatile long lastData = System.nanoTime();
    private volatile boolean gotData;
    private volatile boolean muted;
    private volatile Thread thread;
    private volatile RoomService.Registration registration;
    private IngressFeedListener listener;
    private boolean told;
    private boolean ended;
    private StreamPublisher publisher;
    private TrackInfo track;
    private String roomSid = "";

    OggFeed(IngressPushRequest who, long owner, boolean srtCaller, ByteSource source, IngressFeedSettings settings, IngressFeedListener listener,
            RoomService rooms, StreamRegistry registry, Consumer<OggFeed> gone) {
        this.who = who;
        this.owner = owner;
        this.srtCaller = srtCaller;
        this.source = source;
        this.idleTimeout = settings.idleTimeout();
        this.connectTimeout = settings.connectTimeout();
        this.listener = listener;
        this.rooms = rooms;
        this.registry = registry;
        this.gone = gone;
    }

    /** Starts reading, on a thread of its own. */
    void start() {
        thread = Thread.ofVirtual().name("ingress-" + who.ingressId()).start(this::run);
    }

    synchronized IngressFeed snapshot() {
        return new IngressFeed(who.ingressId(), source.describe(), publisher == null ? "" : publisher.stream().id(), roomSid, track,
                track != null, startedAtMs);
    }

    /** @return the feed now with {@code l} following it, or null when it has ended (then {@code l} is not kept) */
    synchronized IngressFeed follow(IngressFeedListener l) {
        if (ended) return null;
        listener = l;
        if (track != null) told = true; // the new listener reads it from the snapshot
        return snapshot();
    }

    /** Ends the feed as completed (failed when {@code failed}); idempotent, does not block. */
    void stop(String reason, boolean failed) {
        if (stopped == null) {
            stoppedFailed = failed;
            stopped = reason;
        }
        source.close();
        Thread t = thread;
        if (t != null) t.interrupt();
    }

    /**
     * Ends the feed as failed when its source has sent nothing for its idle timeout: an HTTP server that stalls without
     * closing would otherwise leave the ingress publishing silence forever. Before its first bytes the source also has
     * its connect timeout (a pull connects on the feed's thread, which a loaded machine may start late). Called
     * periodically.
     *
     * @return whether the feed still runs (false: stop checking it)
     */
    boolean checkIdle() {
        Thread t = thread;
        if (stopped != null || t == null || !t.isAlive()) return false;
        long allowed = gotData ? idleTimeout.toNanos() : idleTimeout.toNanos() + connectTimeout.toNanos();
        if (System.nanoTime() - lastData > allowed) {
            stop(source.describe() + " sent nothing for " + idleTimeout.toSeconds() + " s", true);
            return false;
        }
        return true;
    }

    private void run() {
        boolean failed = false;
        String why;
        try {
            OggPageReader reader = new OggPageReader();
            OpusDemuxer demuxer = new OpusDemuxer(this);
            byte[] buffer = new byte[16 * 1024];
            while (stopped == null) {
                int n = source.read(buffer);
                if (n < 0) break;
                if (n > 0) {
                    lastData = System.nanoTime();
                    gotData = true;
                }
                for (OggPage page : reader.feed(buffer, 0, n)) demuxer.accept(page);
            }
            if (stopped != null) {
                failed = stoppedFailed;
                why = stopped;
            } else if (publisher == null) {
                failed = true;
                why = source.describe() + " ended before any Opus audio arrived";
            } else {
                why = source.describe() + " ended";
            }
        } catch (OggFormatException e) {
            failed = true;
            why = source.describe() + " is not Ogg/Opus: " + e.getMessage();
        } catch (IOException e) {
            failed = stopped == null || stoppedFailed;
            why = stopped != null ? stopped : source.describe() + " failed: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        } catch (InterruptedException e) {
            failed = stoppedFailed;
            why = stopped != null ? stopped : "the ingress stopped";
        } catch (RoomException e) {
            failed = true;
            why = "room '" + who.room() + "': " + e.getMessage();
        } catch (StreamEndedException e) {
            why = stopped != null ? stopped : "the track's stream ended: " + e.reason();
        } catch (RuntimeException e) {
            failed = true;
            why = "internal error: " + e;
            LOG.error("Ingress {} failed", who.ingressId(), e);
        }
        source.close();
        StreamPublisher p;
        synchronized (this) {
            p = publisher;
        }
        if (p != null) {
            if (failed) p.fail(why);
            else p.end(why);
        }
        leave();
        LOG.info("Ingress {} input ended: {}", who.ingressId(), why);
        IngressFeedListener l;
        synchronized (this) {
            l = listener;
            listener = null;
            ended = true;
        }
        gone.accept(this);
        if (l != null) {
            try {
                l.ended(failed, why);
            } catch (RuntimeException e) {
                LOG.warn("The listener of ingress {}'s feed failed: {}", who.ingressId(), e.toString());
            }
        }
    }

    /** Its track leaves the room, and the participant with it. */
    private void leave() {
        TrackInfo t;
        synchronized (this) {
            t = track;
            track = null;
        }
        RoomService.Registration r = registration;
        registration = null;
        IngressDeparture.leave(rooms, who, t, r);
    }

    @Override
    public void onHeaders(OpusHead head, OpusTags tags) {
        List<ByteBuffer> headers = List.of(ByteBuffer.wrap(head.raw()), ByteBuffer.wrap(tags.raw()));
        StreamPublisher chained;
        synchronized (this) {
            chained = publisher;
        }
        if (chained != null) {
            chained.setCodecHeaders(headers); // a chained stream
            return;
        }
        // the participant joins once there is audio to publish
        registration = rooms.attach(who.room(), who.identity(), who.name(), who.metadata(), PUBLISH_ONLY, ParticipantInfo.Kind.INGRESS, this);
        String participantSid = rooms.participant(who.room(), who.identity()).sid();
        String sid = rooms.room(who.room()).map(RoomInfo::sid).orElse("");
        Map<String, String> metadata = ParticipantSessions.trackMetadata(who.room(), sid, who.identity(), participantSid);
        metadata.putAll(tags.asMap());
        metadata.put("name", who.identity() + " in " + who.room());
        metadata.put("encoder", tags.vendor());
        metadata.put("ingress", who.ingressId());
        StreamFormat format = head.channels() == 1 ? StreamFormat.OPUS_48K_MONO : new StreamFormat("opus", 48_000, head.channels());
        StreamPublisher p = registry.open(new StreamSpec("ingress", format, metadata));
        p.setCodecHeaders(headers);
        TrackInfo t = rooms.publish(who.room(), who.identity(), "ingress", "audio/opus", p.stream().id());
        p.updateMetadata(Map.of("track", t.sid()));
        IngressFeedListener l;
        IngressFeed now;
        synchronized (this) {
            publisher = p;
            track = t;
            roomSid = sid;
            now = snapshot();
            l = told ? null : listener;
            told = true;
        }
        if (l != null) {
            try {
                l.publishing(now);
            } catch (RuntimeException e) {
                LOG.warn("The listener of ingress {}'s feed failed: {}", who.ingressId(), e.toString());
            }
        }
    }

    @Override
    public void onPacket(long timestampMicros, long durationMicros, byte[] packet) {
        StreamPublisher p = publisher; // written once, on this thread
        if (p != null && !muted) p.send(timestampMicros, durationMicros, ByteBuffer.wrap(packet));
    }

    @Override
    public void data(String topic, byte[] payload, boolean fromServer) {
        // an ingress has nothing to receive data on
    }

    @Override
    public void ended(String reason) {
        stop("the participant left the room: " + reason, false);
    }

    @Override
    public void permissionChanged(ParticipantPermission permission) {
        if (!permission.canPublish()) stop("the participant's canPublish permission was revoked", false);
    }

    @Override
    public void trackMuted(String sid, boolean muted) {
        TrackInfo t;
        synchronized (this) {
            t = track;
        }
        if (t != null && sid.equals(t.sid())) this.muted = muted;
    }
}

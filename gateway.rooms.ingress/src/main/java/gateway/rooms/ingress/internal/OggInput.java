package gateway.rooms.ingress.internal;

import gateway.api.rooms.RoomException;
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
import gateway.rooms.ingress.internal.Ingress.Participant;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An Ogg/Opus input of an ingress (an HTTP pull, an SRT push), run on its own thread: once the Opus headers arrived
 * the participant joins the room and the Opus packets become a live stream (untouched) that it publishes as its track, and the input's end — the source's end, a failure, input that is not Ogg/Opus, the room's
 * decision — ends both with the reason in the ingress's state.
 */
final class OggInput implements IngressInputSession, OpusDemuxer.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(OggInput.class);
    private final Ingress ingress;
    private final ByteSource source;
    private final IngressDirectory directory;
    private final StreamRegistry registry;
    private volatile String stopped;
    /** Set with {@link #stopped} when the stop is a failure (the source went silent). */
    private volatile boolean stoppedFailed;
    private volatile long lastData = System.nanoTime();
    private volatile boolean muted;
    private volatile Thread thread;
    private Participant who;
    private RoomTrack roomTrack;
    private StreamPublisher publisher;

    OggInput(Ingress ingress, ByteSource source, IngressDirectory directory, StreamRegistry registry) {
        this.ingress = ingress;
        this.source = source;
        this.directory = directory;
        this.registry = registry;
    }

    /** @return whether the ingress took this input (it is free and enabled); when true it runs on a thread of its own */
    boolean start() {
        who = ingress.begin(this);
        if (who == null) {
            source.close();
            return false;
        }
        directory.changed(ingress);
        thread = Thread.ofVirtual().name("ingress-" + ingress.id).start(this::run);
        return true;
    }

    @Override
    public void stop(String reason) {
        if (stopped == null) stopped = reason;
        source.close();
        Thread t = thread;
        if (t != null) t.interrupt();
    }

    /**
     * Ends the input as failed when its source has sent nothing for {@code idle}: an HTTP server that stalls
     * without closing would otherwise leave the ingress publishing silence forever. Called periodically.
     *
     * @param idle how long a source may be silent
     * @return whether the input still runs (false: stop checking it)
     */
    boolean checkIdle(java.time.Duration idle) {
        if (stopped != null || thread == null || !thread.isAlive()) return false;
        if (System.nanoTime() - lastData > idle.toNanos()) {
            stoppedFailed = true;
            stop(source.describe() + " sent nothing for " + idle.toSeconds() + " s");
            return false;
        }
        return true;
    }

    @Override
    public void mute(boolean muted) {
        this.muted = muted;
    }

    private void run() {
        boolean failed = false;
        String why;
        try {
            roomTrack = new RoomTrack(directory.rooms(), who, this);
            OggPageReader reader = new OggPageReader();
            OpusDemuxer demuxer = new OpusDemuxer(this);
            byte[] buffer = new byte[16 * 1024];
            while (stopped == null) {
                int n = source.read(buffer);
                if (n < 0) break;
                if (n > 0) lastData = System.nanoTime();
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
            LOG.error("Ingress {} failed", ingress.id, e);
        }
        source.close();
        if (publisher != null) {
            if (failed) publisher.fail(why);
            else publisher.end(why);
        }
        if (roomTrack != null) roomTrack.leave();
        LOG.info("Ingress {} input ended: {}", ingress.id, why);
        directory.ended(ingress, this, failed, why);
    }

    @Override
    public void onHeaders(OpusHead head, OpusTags tags) {
        List<ByteBuffer> headers = List.of(ByteBuffer.wrap(head.raw()), ByteBuffer.wrap(tags.raw()));
        if (publisher != null) {
            publisher.setCodecHeaders(headers); // a chained stream
            return;
        }
        Map<String, String> metadata = new HashMap<>(tags.asMap());
        metadata.put("name", who.identity() + " in " + who.room());
        metadata.put("encoder", tags.vendor());
        metadata.put("ingress", ingress.id);
        metadata.put("room", who.room());
        metadata.put("participant", who.identity());
        StreamFormat format = head.channels() == 1 ? StreamFormat.OPUS_48K_MONO : new StreamFormat("opus", 48_000, head.channels());
        String participantSid = roomTrack.join().sid(); // the participant joins once there is audio to publish
        publisher = registry.open(new StreamSpec("ingress", format, metadata));
        publisher.setCodecHeaders(headers);
        String stream = publisher.stream().id();
        TrackInfo track = roomTrack.publish(stream);
        String roomSid = roomTrack.roomSid();
        publisher.updateMetadata(Map.of("roomSid", roomSid, "participantSid", participantSid, "track", track.sid()));
        ingress.publishing(roomSid, stream, track);
        directory.started(ingress);
    }

    @Override
    public void onPacket(long timestampMicros, long durationMicros, byte[] packet) {
        if (publisher != null && !muted) publisher.send(timestampMicros, durationMicros, ByteBuffer.wrap(packet));
    }
}

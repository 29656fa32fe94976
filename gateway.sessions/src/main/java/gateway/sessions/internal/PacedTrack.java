package gateway.sessions.internal;

import gateway.api.rooms.ParticipantPermission;
import gateway.api.rooms.RoomListener;
import gateway.api.rooms.RoomService;
import gateway.api.stream.StreamFormat;
import gateway.api.stream.StreamPublisher;
import gateway.api.stream.StreamRegistry;
import gateway.api.stream.StreamSpec;
import gateway.lib.opus.OpusEncoderSettings;
import gateway.lib.opus.OpusPcmEncoder;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * PCM made into a room track: a publish-only participant of the session's room publishes an Opus stream into which a
 * pacer encodes 20 ms of the queue every 20 ms (silence while it is empty). Used for audio a control client sends over
 * the socket, and without the participant ({@link #openStream}) for what a forked service plays, which a session output
 * relays.
 */
final class PacedTrack implements AutoCloseable {
    private static final ParticipantPermission PUBLISH_ONLY = new ParticipantPermission(false, true, false, false, false);
    private static final OpusEncoderSettings ENCODER = new OpusEncoderSettings(64_000, 5, true, false, 20);

    private final RoomService rooms;
    private final String room;
    private final String identity;
    private final ForkReply queue;
    private final Consumer<List<String>> reached;
    private final Consumer<String> failed;
    private final OpusPcmEncoder encoder = new OpusPcmEncoder(48_000, 1, ENCODER);
    private final short[] frame = new short[ForkReply.FRAME];
    private final byte[] frameBytes = new byte[ForkReply.FRAME * 2];
    private StreamPublisher output;
    private RoomService.Registration participant;
    private ScheduledFuture<?> pacer;
    private volatile String trackSid;
    private volatile boolean closed;
    private long outputMicros;

    /**
     * @param queue   where the pacer takes its audio from
     * @param reached gets the checkpoints each frame reached (on the pacer's thread)
     * @param failed  told once when the track cannot go on (its participant left the room, encoding failed)
     */
    PacedTrack(RoomService rooms, String room, String identity, ForkReply queue, Consumer<List<String>> reached, Consumer<String> failed) {
        this.rooms = rooms;
        this.room = room;
        this.identity = identity;
        this.queue = queue;
        this.reached = reached;
        this.failed = failed;
    }

    /**
     * Opens the stream, joins the room, publishes the track and starts the pacer.
     *
     * @param origin   the stream's origin in the registry
     * @param name     the track's name
     * @param metadata the stream's metadata
     * @throws RuntimeException when the room refuses the participant or the track (the caller closes this)
     */
    void open(StreamRegistry registry, ScheduledExecutorService clock, String origin, String name, Map<String, String> metadata) {
        openStream(registry, origin, metadata);
        participant = rooms.attach(room, identity, name + " (" + origin + ")", null, PUBLISH_ONLY, new RoomListener() {
            @Override
            public void data(String topic, byte[] payload, boolean fromServer) {
                // a publish-only participant takes no data
            }

            @Override
            public void ended(String reason) {
                if (!closed) failed.accept("its participant left the room: " + reason);
            }
        });
        trackSid = rooms.publish(room, identity, name, "audio/opus", output.stream().id()).sid();
        startPacer(clock);
    }

    /**
     * Opens the stream and starts the pacer, without a track in the room: for an output a {@code SessionOutput} relays.
     *
     * @param origin   the stream's origin in the registry
     * @param metadata the stream's metadata
     */
    void openStream(StreamRegistry registry, ScheduledExecutorService clock, String origin, Map<String, String> metadata) {
        openStream(registry, origin, metadata);
        startPacer(clock);
    }

    private void openStream(StreamRegistry registry, String origin, Map<String, String> metadata) {
        output = registry.open(new StreamSpec(origin, StreamFormat.OPUS_48K_MONO, metadata));
        output.setCodecHeaders(List.of(ByteBuffer.wrap(gateway.lib.ogg.OpusHead.of(1, encoder.preSkip(), 48_000).raw())));
    }

    private synchronized void startPacer(ScheduledExecutorService clock) {
        if (!closed) pacer = clock.scheduleAtFixedRate(this::playFrame, 20, 20, TimeUnit.MILLISECONDS);
    }

    /** @return the published track's sid; null before it is published and after close */
    String trackSid() {
        return trackSid;
    }

    /** @return the registry's id of the stream the track carries */
    String streamId() {
        return output == null ? null : output.stream().id();
    }

    private void playFrame() {
        if (closed) return;
        try {
            List<String> names = queue.take(frame);
            for (int i = 0; i < frame.length; i++) {
                frameBytes[2 * i] = (byte) frame[i];
                frameBytes[2 * i + 1] = (byte) (frame[i] >> 8);
            }
            encoder.encode(frameBytes, 0, frame.length, packet -> {
                output.send(outputMicros, 20_000, ByteBuffer.wrap(packet));
                outputMicros += 20_000;
            });
            if (!names.isEmpty()) reached.accept(names);
        } catch (RuntimeException e) {
            if (!closed) failed.accept("its output failed: " + e.getMessage());
        }
    }

    /** Stops the pacer, unpublishes the track, leaves the room and ends the stream. Idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) return;
            closed = true;
            if (pacer != null) pacer.cancel(false);
        }
        String t = trackSid;
        trackSid = null;
        try {
            if (t != null) rooms.unpublish(room, identity, t);
        } catch (RuntimeException gone) {
            // the room is gone already
        }
        if (participant != null) participant.close();
        if (output != null) output.end("track closed");
    }
}

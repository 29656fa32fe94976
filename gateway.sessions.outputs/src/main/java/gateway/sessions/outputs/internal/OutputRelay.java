package gateway.sessions.outputs.internal;

import gateway.api.processing.SessionOutputs;
import gateway.api.rooms.ParticipantPermission;
import gateway.api.rooms.RoomListener;
import gateway.api.rooms.RoomService;
import gateway.api.stream.Attachment;
import gateway.api.stream.LiveStream;
import gateway.api.stream.MediaHandler;
import gateway.api.stream.MediaPacket;
import gateway.api.stream.MediaSession;
import gateway.api.stream.StreamEndedException;
import gateway.api.stream.StreamFormat;
import gateway.api.stream.StreamPublisher;
import gateway.api.stream.StreamRegistry;
import gateway.api.stream.StreamSpec;
import gateway.api.stream.StreamState;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One relayed output: a stream of this bundle, published as a track by a publish-only participant of the room, into
 * which the packets of the followed source stream are copied with their timestamps moved onto the output's timeline.
 * The registry numbers the output's packets itself, so the listeners see one stream without gaps in its sequence.
 */
final class OutputRelay implements SessionOutputs.SessionOutput {
    private static final ParticipantPermission PUBLISH_ONLY = new ParticipantPermission(false, true, false, false, false);
    /** libopus's encoder delay at 48 kHz, what the gateway's encoders declare. */
    private static final int PRE_SKIP = 312;

    final String room;
    final String key;
    private final String identity;
    private final StreamRegistry registry;
    private final RoomService rooms;
    private final Consumer<OutputRelay> ended;
    private final Timeline timeline = new Timeline();
    private StreamPublisher output;
    private RoomService.Registration participant;
    private volatile String trackSid;
    private Attachment source;
    private String following;
    /** The number of the source being relayed; a session of an earlier one relays nothing more. */
    private int generation;
    private boolean released;
    private boolean closed;
    /** When it was released, for {@link RelayedOutputs}'s sweep; 0 while claimed. */
    private volatile long releasedAtNanos;

    /**
     * @param ended told once when the output ends (closed, or its participant left the room)
     */
    OutputRelay(StreamRegistry registry, RoomService rooms, String room, String key, String identity, Consumer<OutputRelay> ended) {
        this.registry = registry;
        this.rooms = rooms;
        this.room = room;
        this.key = key;
        this.identity = identity;
        this.ended = ended;
    }

    /**
     * Opens the stream, joins the room and publishes the track.
     *
     * @throws RuntimeException when the room refuses the participant or the track (the caller closes this)
     */
    void open(String name) {
        output = registry.open(new StreamSpec("session-output", StreamFormat.OPUS_48K_MONO, Map.of("room", room, "output", key)));
        output.setCodecHeaders(List.of(opusHead()));
        participant = rooms.attach(room, identity, name, null, PUBLISH_ONLY, new RoomListener() {
            @Override
            public void data(String topic, byte[] payload, boolean fromServer) {
                // a publish-only participant takes no data
            }

            @Override
            public void ended(String reason) {
                close(); // the room is gone: so is its output
            }
        });
        trackSid = rooms.publish(room, identity, name, "audio/opus", output.stream().id()).sid();
    }

    /** RFC 7845 §5.1: version 1, one channel, the pre-skip, 48 kHz, no gain, mapping family 0. */
    private static ByteBuffer opusHead() {
        ByteBuffer b = ByteBuffer.allocate(19).order(ByteOrder.LITTLE_ENDIAN);
        b.put("OpusHead".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 1).putShort((short) PRE_SKIP)
                .putInt(48_000).putShort((short) 0).put((byte) 0);
        return b.flip();
    }

    @Override
    public String trackSid() {
        return trackSid;
    }

    @Override
    public String streamId() {
        return output.stream().id();
    }

    @Override
    public void follow(String streamId) {
        Attachment previous;
        int number;
        synchronized (this) {
            if (closed || released) throw new IllegalStateException("the output " + key + " is " + (closed ? "closed" : "released"));
            if (java.util.Objects.equals(streamId, following)) return;
            previous = source;
            source = null;
            following = streamId;
            number = ++generation;
        }
        if (previous != null) previous.close();
        if (streamId == null) return;
        Attachment a = registry.attach(streamId, (MediaHandler) live -> new Relaying(number),
                Map.of(MediaHandler.NAME, "session output " + key, MediaHandler.QUEUE_CAPACITY, 250));
        synchronized (this) {
            if (generation == number && !closed && !released) {
                source = a;
                return;
            }
        }
        a.close(); // another source, a release or the end came meanwhile
    }

    /** Copies one source's packets onto the output; on the attachment's thread. */
    private final class Relaying implements MediaSession {
        private final int number;

        Relaying(int number) {
            this.number = number;
        }

        @Override
        public void onPacket(MediaPacket p) {
            synchronized (OutputRelay.this) {
                if (number != generation || closed) return;
                long at = timeline.place(number, p.timestampMicros(), p.durationMicros());
                try {
                    output.send(at, p.durationMicros(), p.payload().duplicate());
                } catch (StreamEndedException gone) {
                    // the gateway shuts down: the close follows
                }
            }
        }

        @Override
        public void onEnd(StreamState state, String reason) {
            synchronized (OutputRelay.this) {
                if (number == generation) {
                    source = null;
                    following = null; // the source is gone; the next follow names another one
                }
            }
        }
    }

    @Override
    public void release() {
        Attachment a;
        synchronized (this) {
            if (closed || released) return;
            released = true;
            releasedAtNanos = System.nanoTime();
            a = source;
            source = null;
            following = null;
            generation++;
        }
        if (a != null) a.close();
    }

    /** Claimed again by the next revision of its processor. */
    synchronized boolean reclaim() {
        if (closed || !released) return false;
        released = false;
        releasedAtNanos = 0;
        return true;
    }

    synchronized boolean released() {
        return released && !closed;
    }

    /** @return whether it was released more than {@code nanos} ago */
    boolean releasedLongerThan(long nanos) {
        long at = releasedAtNanos;
        return at != 0 && System.nanoTime() - at > nanos;
    }

    @Override
    public void close() {
        Attachment a;
        synchronized (this) {
            if (closed) return;
            closed = true;
            a = source;
            source = null;
            generation++;
        }
        if (a != null) a.close();
        String t = trackSid;
        try {
            if (t != null) rooms.unpublish(room, identity, t);
        } catch (RuntimeException gone) {
            // the room is gone already
        }
        if (participant != null) participant.close();
        if (output != null) output.end("output closed");
        ended.accept(this);
    }
}

package gateway.rooms.egress.internal;

import gateway.api.rooms.ParticipantInfo;
import gateway.api.rooms.RoomService;
import gateway.api.rooms.TrackInfo;
import gateway.api.stream.Attachment;
import gateway.api.stream.StreamFormat;
import gateway.api.stream.StreamPublisher;
import gateway.api.stream.StreamRegistry;
import gateway.api.stream.StreamSpec;
import gateway.lib.ogg.OpusHead;
import gateway.lib.ogg.OpusTags;
import gateway.lib.opus.OpusEncoderSettings;
import gateway.lib.opus.OpusPcmEncoder;
import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audio of one room mixed, once per room whatever the number of egresses on it: every published track's Opus is
 * decoded ({@link MixInput}), summed every 20 ms on the mix's own clock, and encoded to mono Opus at 48 kHz into a
 * live stream of the registry (origin {@code room-mix}, metadata {@code room}). The egresses relay that stream. The
 * set of tracks follows the room ({@link #refresh()} on every track event of the room).
 */
final class RoomMix implements AutoCloseable {
    static final int FRAME = 960;
    private static final Logger LOG = LoggerFactory.getLogger(RoomMix.class);
    private final String room;
    private final RoomService rooms;
    private final StreamRegistry registry;
    private final StreamPublisher publisher;
    private final OpusPcmEncoder encoder;
    private final Map<String, Input> inputs = new ConcurrentHashMap<>();
    private final Thread clock;
    private volatile boolean running = true;
    private volatile long busyNanos;
    private volatile long frames;

    private record Input(MixInput session, Attachment attachment) {
    }

    /**
     * Opens the mix stream and starts its clock.
     *
     * @param room     the room's name
     * @param rooms    the rooms
     * @param registry where the mix stream is opened and the tracks' streams are
     * @param bitrate  the mix's Opus bitrate in bit/s
     */
    RoomMix(String room, RoomService rooms, StreamRegistry registry, int bitrate) {
        this.room = room;
        this.rooms = rooms;
        this.registry = registry;
        this.encoder = new OpusPcmEncoder(48_000, 1, new OpusEncoderSettings(bitrate, 5, true, false, 20));
        this.publisher = registry.open(new StreamSpec("room-mix", StreamFormat.OPUS_48K_MONO, Map.of("room", room)));
        publisher.setCodecHeaders(List.of(ByteBuffer.wrap(OpusHead.of(1, encoder.preSkip(), 48_000).raw()),
                ByteBuffer.wrap(OpusTags.of("gateway room mix", List.of("ROOM=" + room)).raw())));
        refresh();
        this.clock = Thread.ofPlatform().daemon().name("room-mix " + room).start(this::run);
    }

    /** @return the id of the mix's live stream */
    String stream() {
        return publisher.stream().id();
    }

    /** @return the tracks mixed now */
    Set<String> tracks() {
        return Set.copyOf(inputs.keySet());
    }

    /** @return 20 ms frames of the tracks mixed now that the decoders concealed (lost on the way, or late for the mix) */
    long concealedFrames() {
        return inputs.values().stream().mapToLong(i -> i.session().concealedFrames()).sum();
    }

    /** @return the share of one core the mixing took so far (decoding happens on the tracks' threads) */
    double load() {
        long f = frames;
        return f == 0 ? 0 : busyNanos / (f * 20e6);
    }

    /** Attaches the room's published tracks that are not mixed yet and lets go of those that left. */
    synchronized void refresh() {
        if (!running) return;
        Set<String> published = new HashSet<>();
        List<ParticipantInfo> participants;
        try {
            participants = rooms.participants(room);
        } catch (RuntimeException roomGone) {
            participants = List.of();
        }
        for (ParticipantInfo p : participants) {
            for (TrackInfo t : p.tracks()) {
                if (t.stream() == null) continue;
                published.add(t.sid());
                inputs.computeIfAbsent(t.sid(), sid -> {
                    MixInput session = new MixInput(sid);
                    try {
                        Attachment a = registry.attach(t.stream(), s -> session, Map.of("gateway.media.name", "room mix " + room,
                                "gateway.media.queue", 100));
                        return new Input(session, a);
                    } catch (RuntimeException e) {
                        LOG.info("Room mix {}: track {} not mixed: {}", room, sid, e.getMessage());
                        return null;
                    }
                });
            }
        }
        inputs.entrySet().removeIf(e -> {
            if (published.contains(e.getKey())) return false;
            e.getValue().attachment().close();
            return true;
        });
    }

    private void run() {
        int[] sum = new int[FRAME];
        byte[] pcm = new byte[FRAME * 2];
        long start = System.nanoTime();
        long frame = 0;
        while (running) {
            long due = start + frame * 20_000_000L;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
                continue;
            }
            long t0 = System.nanoTime();
            java.util.Arrays.fill(sum, 0);
            for (Input in : inputs.values()) in.session().mixInto(sum);
            for (int i = 0; i < FRAME; i++) {
                int s = Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, sum[i]));
                pcm[2 * i] = (byte) s;
                pcm[2 * i + 1] = (byte) (s >> 8);
            }
            long ts = frame * 20_000L;
            try {
                encoder.encode(pcm, 0, FRAME, packet -> publisher.send(ts, 20_000L, ByteBuffer.wrap(packet)));
            } catch (RuntimeException e) { // the stream was ended by the gateway, or the encoder failed
                if (running) LOG.warn("Room mix {} stopped: {}", room, e.toString());
                running = false;
            }
            busyNanos += System.nanoTime() - t0;
            frames++;
            frame++;
            if (System.nanoTime() - due > 1_000_000_000L) { // a stall of over a second: skip ahead instead of bursting
                frame = (System.nanoTime() - start) / 20_000_000L;
            }
        }
    }

    /** Stops the clock, detaches the tracks and ends the mix stream. */
    @Override
    public synchronized void close() {
        running = false;
        try {
            clock.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        inputs.values().forEach(i -> i.attachment().close());
        inputs.clear();
        publisher.end("room mix closed");
        publisher.close();
    }
}

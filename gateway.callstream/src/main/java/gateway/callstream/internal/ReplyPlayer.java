package gateway.callstream.internal;

import gateway.api.stream.StreamEndedException;
import gateway.api.stream.StreamPublisher;
import gateway.lib.ogg.OpusHead;
import gateway.lib.ogg.OpusTags;
import gateway.lib.opus.OpusEncoderSettings;
import gateway.lib.opus.OpusPcmEncoder;
import gateway.lib.opus.PcmResampler;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * What a bidirectional stream plays into its call: the service's {@code playAudio} audio, queued at 48 kHz,
 * taken out one 20 ms frame per {@link Pacer} tick, encoded to Opus and published as the reply stream. A
 * {@code checkpoint} is answered once the frame carrying the last audio queued before it has played out (the
 * tick after it was sent); {@code clearAudio} drops the queue.
 *
 * <p>{@link #play}, {@link #checkpoint} and {@link #clear} come from the WebSocket's listener thread,
 * {@link #tick} from the pacer; the queue is guarded by this object. Nothing is published while the queue is
 * empty: the stream's timestamps follow the clock, so a consumer sees the pause. 8 and 16 kHz audio is brought to
 * 48 kHz by a band-limited {@link PcmResampler}, one per rate, whose tail is flushed at each checkpoint so that
 * the checkpoint is answered only after the last audio before it has played. When the gateway ends the reply
 * stream (it shuts down), the player stops and says so: {@link #ended()}.
 */
final class ReplyPlayer {
    static final int FRAME = 960;
    /** Ticks a partial frame waits for the rest before it is padded with silence. */
    private static final int HOLD_TICKS = 2;
    static final OpusEncoderSettings ENCODER = new OpusEncoderSettings(64_000, 5, true, false, 20);

    private record Marker(String name) {}

    private final String label;
    private final StreamPublisher publisher;
    private final Consumer<String> played;
    private final Runnable framePlayed;
    private final long maxSamples;
    private final OpusPcmEncoder encoder = new OpusPcmEncoder(48_000, 1, ENCODER);
    private final long openedNanos = System.nanoTime();
    private final ArrayDeque<Object> queue = new ArrayDeque<>();
    private final List<String> reached = new ArrayList<>();
    private final short[] frame = new short[FRAME];
    private final byte[] frameBytes = new byte[FRAME * 2];
    private PcmResampler from8k;
    private PcmResampler from16k;
    private int headOffset;
    private long queuedSamples;
    private int held;
    private long lastTimestamp = -1;
    private volatile boolean closed;

    /**
     * @param publisher the reply stream
     * @param played    told the name of each checkpoint that has played (on the pacer thread)
     * @param maxSeconds the most audio the queue holds
     */
    ReplyPlayer(String label, StreamPublisher publisher, Consumer<String> played, Runnable framePlayed, int maxSeconds) {
        this.label = label;
        this.publisher = publisher;
        this.played = played;
        this.framePlayed = framePlayed;
        this.maxSamples = maxSeconds * 48_000L;
        publisher.setCodecHeaders(List.of(ByteBuffer.wrap(OpusHead.of(1, encoder.preSkip(), 48_000).raw()),
                ByteBuffer.wrap(OpusTags.of("gateway.callstream (Concentus Opus encoder)", List.of("ENCODER=gateway.callstream")).raw())));
    }

    /** @return the reply stream's id */
    String streamId() {
        return publisher.stream().id();
    }

    /**
     * Queues audio.
     *
     * @throws ServerMessage.InvalidMessageException if the queue would exceed its bound
     */
    void play(short[] samples, int rate) throws ServerMessage.InvalidMessageException {
        short[] pcm48;
        synchronized (this) {
            pcm48 = upsample(samples, rate);
            if (queuedSamples + pcm48.length > maxSamples) {
                throw new ServerMessage.InvalidMessageException("playAudio refused: more than " + maxSamples / 48_000 + " s of audio queued");
            }
            if (pcm48.length > 0) {
                queue.add(pcm48);
                queuedSamples += pcm48.length;
            }
        }
    }

    private short[] upsample(short[] samples, int rate) {
        if (closed) return new short[0];
        PcmResampler r;
        if (rate == 8_000) {
            if (from8k == null) from8k = new PcmResampler(8_000, 48_000);
            r = from8k;
        } else {
            if (from16k == null) from16k = new PcmResampler(16_000, 48_000);
            r = from16k;
        }
        short[] out = new short[r.maxOutput(samples.length)];
        int n = r.resample(samples, 0, samples.length, out, 0);
        return n == out.length ? out : java.util.Arrays.copyOf(out, n);
    }

    synchronized void checkpoint(String name) {
        // what the resamplers still hold belongs before the checkpoint
        for (PcmResampler r : new PcmResampler[] {from8k, from16k}) {
            if (r == null || closed) continue;
            short[] tail = new short[r.maxOutput(0)];
            int n = r.flush(tail, 0);
            if (n > 0) {
                queue.add(java.util.Arrays.copyOf(tail, n));
                queuedSamples += n;
            }
        }
        queue.add(new Marker(name));
    }

    /** Drops the queued audio (and the checkpoints among it, which are then never answered). */
    synchronized void clear() {
        short[] discard = new short[4_000];
        for (PcmResampler r : new PcmResampler[] {from8k, from16k}) if (r != null && !closed) r.flush(discard, 0);
        queue.clear();
        queuedSamples = 0;
        headOffset = 0;
        held = 0;
    }

    /** @return audio waiting to be played, in milliseconds */
    synchronized long queuedMillis() {
        return queuedSamples / 48;
    }

    /** Sends the frame that is due, if any, and answers the checkpoints whose audio has played. */
    void tick(long now) {
        if (closed) return;
        List<String> announce;
        boolean send;
        synchronized (this) {
            announce = reached.isEmpty() ? List.of() : List.copyOf(reached);
            reached.clear();
            markersAtHead();
            send = fillFrame();
            markersAtHead();
        }
        if (send) {
            for (int i = 0; i < FRAME; i++) {
                frameBytes[2 * i] = (byte) frame[i];
                frameBytes[2 * i + 1] = (byte) (frame[i] >> 8);
            }
            long ts = Math.max(lastTimestamp + 20_000, Math.round((now - openedNanos) / 20_000_000.0) * 20_000);
            lastTimestamp = ts;
            try {
                encoder.encode(frameBytes, 0, FRAME, packet -> publisher.send(ts, 20_000, ByteBuffer.wrap(packet)));
            } catch (StreamEndedException e) {
                // the gateway ended the reply stream (it is shutting down): nothing more can be played
                stopped();
                return;
            }
            framePlayed.run();
        }
        for (String name : announce) played.accept(name);
    }

    /** Moves checkpoints that have no audio before them to the list answered on the next tick. */
    private void markersAtHead() {
        while (queue.peek() instanceof Marker m) {
            queue.poll();
            reached.add(m.name());
        }
    }

    private boolean fillFrame() {
        if (queuedSamples == 0) {
            held = 0;
            return false;
        }
        if (queuedSamples < FRAME && !markerAfterAudio() && held < HOLD_TICKS) {
            held++; // the rest may be on its way
            return false;
        }
        held = 0;
        int filled = 0;
        while (filled < FRAME && queue.peek() instanceof short[] head) {
            int take = Math.min(FRAME - filled, head.length - headOffset);
            System.arraycopy(head, headOffset, frame, filled, take);
            filled += take;
            headOffset += take;
            queuedSamples -= take;
            if (headOffset == head.length) {
                queue.poll();
                headOffset = 0;
            }
        }
        java.util.Arrays.fill(frame, filled, FRAME, (short) 0);
        return true;
    }

    private boolean markerAfterAudio() {
        for (Object o : queue) if (o instanceof Marker) return true;
        return false;
    }

    /** @return whether the reply stream has ended (closed here, or ended by the gateway) */
    boolean ended() {
        return closed;
    }

    /** Ends the reply stream. */
    void close(String reason) {
        stopped();
        publisher.end(reason);
    }

    /** Ends the reply stream with an error. */
    void fail(String reason) {
        stopped();
        publisher.fail(reason);
    }

    private synchronized void stopped() {
        closed = true;
        queue.clear();
        queuedSamples = 0;
        if (from8k != null) from8k.close();
        if (from16k != null) from16k.close();
    }

    @Override
    public String toString() {
        return label;
    }
}

package gateway.rooms.egress.internal;

import gateway.api.stream.MediaPacket;
import gateway.api.stream.MediaSession;
import gateway.lib.opus.OpusDecodingException;
import gateway.lib.opus.OpusPcmDecoder;

/**
 * One track of a room's mix: its Opus packets decoded to mono 48 kHz PCM (on the attachment's thread) into a short
 * FIFO the mixer drains every 20 ms. The FIFO holds at most {@link #MAX_SAMPLES}; a track that runs ahead of the
 * mixer's clock loses its oldest audio rather than delaying the mix, and one that runs dry (concealment included,
 * see below) is silent until it has {@link #PRIME_SAMPLES} again (so network jitter does not cut every packet in two).
 *
 * <p><b>Loss and lateness.</b> Audio that does not arrive is concealed by the Opus decoder (its packet loss
 * concealment continues the signal and fades it out) instead of being silence: a gap in the packets' timestamps
 * (packets lost before the gateway) is concealed when the next packet arrives, and a packet that is late for the
 * mixer's clock (the FIFO runs dry) is concealed by the mixer, for at most {@link #MAX_CONCEALED_FRAMES} frames in a
 * row. A packet that arrives after its time was concealed is decoded (so the decoder's state goes on from it) but its
 * audio is dropped, so that the track's delay stays as it was.
 */
final class MixInput implements MediaSession {
    static final int MAX_SAMPLES = 48_000 * 200 / 1000;
    static final int PRIME_SAMPLES = 48_000 * 40 / 1000;
    /** Frames of 20 ms the mixer conceals in a row for a late track before it is silent: 100 ms. */
    static final int MAX_CONCEALED_FRAMES = 5;
    private static final int FRAME = 960;
    private static final long FRAME_MICROS = 20_000;
    /** The longest timestamp gap concealed when the next packet arrives (the decoder conceals up to 120 ms). */
    private static final long MAX_GAP_MICROS = 120_000;
    private final String track;
    private final OpusPcmDecoder decoder = new OpusPcmDecoder(1);
    private final short[] fifo = new short[MAX_SAMPLES];
    private int head;
    private int size;
    private boolean primed;
    private boolean closed;
    /** The timestamp the next packet should carry; {@link Long#MIN_VALUE} before the first. */
    private long nextTimestamp = Long.MIN_VALUE;
    /** The mixer concealed the track's audio up to this timestamp. */
    private long concealedTo = Long.MIN_VALUE;
    private int concealedInARow;
    private long concealedFrames;
    private long latePackets;
    private long decodeErrors;

    /** @param track the track's sid (for people) */
    MixInput(String track) {
        this.track = track;
    }

    String track() {
        return track;
    }

    @Override
    public synchronized void onPacket(MediaPacket packet) {
        int n = packet.size();
        if (n == 0 || closed) return;
        byte[] bytes = new byte[n];
        packet.payload().duplicate().get(bytes);
        long ts = packet.timestampMicros();
        // late: within the stretch the mixer concealed (a timestamp further back is a discontinuity of the source)
        boolean late = concealedTo != Long.MIN_VALUE && ts < concealedTo && concealedTo - ts <= MAX_CONCEALED_FRAMES * FRAME_MICROS;
        int samples;
        try {
            if (!late && nextTimestamp != Long.MIN_VALUE) {
                long gap = ts - nextTimestamp;
                // packets lost on the way: concealed, so that the audio goes on and the next packet decodes without a click
                for (long missing = gap; missing >= FRAME_MICROS / 2 && gap <= MAX_GAP_MICROS; missing -= FRAME_MICROS) {
                    add(decoder.pcm(), decoder.conceal(FRAME));
                    concealedFrames++;
                }
            }
            samples = decoder.decode(bytes, 0, n);
        } catch (OpusDecodingException e) {
            decodeErrors++;
            return;
        }
        long end = ts + (packet.durationMicros() > 0 ? packet.durationMicros() : samples * 1_000_000L / 48_000);
        nextTimestamp = Math.max(end, nextTimestamp);
        if (late) { // its time was concealed already
            latePackets++;
            return;
        }
        concealedInARow = 0;
        add(decoder.pcm(), samples);
    }

    private void add(short[] pcm, int samples) {
        for (int i = 0; i < samples; i++) {
            if (size == MAX_SAMPLES) { // ahead of the mixer's clock: drop the oldest sample
                head = (head + 1) % MAX_SAMPLES;
                size--;
            }
            fifo[(head + size) % MAX_SAMPLES] = pcm[i];
            size++;
        }
    }

    /**
     * Adds up to {@code out.length} samples of this track to {@code out}; when the track's next packet is late, the
     * decoder's concealment fills in (see the class comment).
     *
     * @param out the mix being built, 32-bit to sum without overflow
     */
    synchronized void mixInto(int[] out) {
        if (!primed) {
            if (size < PRIME_SAMPLES) return;
            primed = true;
        }
        while (size < out.length && !closed && nextTimestamp != Long.MIN_VALUE && concealedInARow < MAX_CONCEALED_FRAMES) {
            add(decoder.pcm(), decoder.conceal(FRAME));
            nextTimestamp += FRAME_MICROS;
            concealedTo = nextTimestamp;
            concealedInARow++;
            concealedFrames++;
        }
        int n = Math.min(out.length, size);
        for (int i = 0; i < n; i++) out[i] += fifo[(head + i) % MAX_SAMPLES];
        head = (head + n) % MAX_SAMPLES;
        size -= n;
        if (n < out.length) primed = false; // ran dry, concealment included: silent until it has PRIME_SAMPLES again
    }

    /** @return packets that were not valid Opus */
    synchronized long decodeErrors() {
        return decodeErrors;
    }

    /** @return 20 ms frames the decoder concealed: lost on the way, or late for the mixer */
    synchronized long concealedFrames() {
        return concealedFrames;
    }

    /** @return packets that arrived after their time had been concealed (their audio was dropped) */
    synchronized long latePackets() {
        return latePackets;
    }

    @Override
    public synchronized void onEnd(gateway.api.stream.StreamState state, String reason) {
        closed = true;
        decoder.close();
    }

    @Override
    public synchronized void onDetached() {
        closed = true;
        decoder.close();
    }
}

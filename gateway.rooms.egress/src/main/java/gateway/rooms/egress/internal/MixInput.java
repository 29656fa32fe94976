package gateway.rooms.egress.internal;

import gateway.api.stream.MediaPacket;
import gateway.api.stream.MediaSession;
import gateway.lib.opus.OpusDecodingException;
import gateway.lib.opus.OpusPcmDecoder;

/**
 * One track of a room's mix: its Opus packets decoded to mono 48 kHz PCM (on the attachment's thread) into a short
 * FIFO the mixer drains every 20 ms. The FIFO holds at most {@link #MAX_SAMPLES}; a track that runs ahead of the
 * mixer's clock loses its oldest audio rather than delaying the mix, and one that runs dry is silent until it has
 * {@link #PRIME_SAMPLES} again (so network jitter does not cut every packet in two).
 */
final class MixInput implements MediaSession {
    static final int MAX_SAMPLES = 48_000 * 200 / 1000;
    static final int PRIME_SAMPLES = 48_000 * 40 / 1000;
    private final String track;
    private final OpusPcmDecoder decoder = new OpusPcmDecoder(1);
    private final short[] fifo = new short[MAX_SAMPLES];
    private int head;
    private int size;
    private boolean primed;
    private long lastSequence = -1;
    private long decodeErrors;

    /** @param track the track's sid (for people) */
    MixInput(String track) {
        this.track = track;
    }

    String track() {
        return track;
    }

    @Override
    public void onPacket(MediaPacket packet) {
        int n = packet.size();
        if (n == 0) return;
        byte[] bytes = new byte[n];
        packet.payload().duplicate().get(bytes);
        int samples;
        try {
            if (lastSequence >= 0 && packet.sequence() > lastSequence + 1 && packet.sequence() - lastSequence <= 6) {
                // a few packets lost on the way: concealed so the decoder's next output has no click
                for (long s = lastSequence + 1; s < packet.sequence(); s++) add(decoder.pcm(), decoder.conceal(960));
            }
            samples = decoder.decode(bytes, 0, n);
        } catch (OpusDecodingException e) {
            decodeErrors++;
            return;
        } finally {
            lastSequence = packet.sequence();
        }
        add(decoder.pcm(), samples);
    }

    private synchronized void add(short[] pcm, int samples) {
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
     * Adds up to {@code out.length} samples of this track to {@code out}.
     *
     * @param out the mix being built, 32-bit to sum without overflow
     */
    synchronized void mixInto(int[] out) {
        if (!primed) {
            if (size < PRIME_SAMPLES) return;
            primed = true;
        }
        int n = Math.min(out.length, size);
        for (int i = 0; i < n; i++) out[i] += fifo[(head + i) % MAX_SAMPLES];
        head = (head + n) % MAX_SAMPLES;
        size -= n;
        if (size == 0) primed = false;
    }

    /** @return packets that were not valid Opus */
    long decodeErrors() {
        return decodeErrors;
    }

    @Override
    public void onEnd(gateway.api.stream.StreamState state, String reason) {
        decoder.close();
    }

    @Override
    public void onDetached() {
        decoder.close();
    }
}

package gateway.sessions.internal;

import gateway.lib.opus.PcmResampler;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The audio a forked service plays back ({@code playAudio}), at 48 kHz mono, with its {@code checkpoint}s in order,
 * taken 20 ms at a time by the output's pacer; silence while it is empty. Bounded: audio beyond the bound is refused.
 * Thread-safe: the WebSocket's thread adds, the pacer's thread takes.
 */
final class ForkReply implements AutoCloseable {
    static final int FRAME = 960;
    private final long maxSamples;
    private final ArrayDeque<Object> queue = new ArrayDeque<>();
    private final Map<Integer, PcmResampler> resamplers = new HashMap<>();
    private int headOffset;
    private long queued;

    /** @param maxSeconds the most audio it holds */
    ForkReply(int maxSeconds) {
        this.maxSamples = maxSeconds * 48_000L;
    }

    /**
     * Queues 16-bit little-endian mono PCM.
     *
     * @param pcm        the bytes (an even count)
     * @param sampleRate 8000 or 16000 (the rates of the call-fork protocol), or 24000/48000
     * @return false when the queue is full (the audio is dropped)
     * @throws IllegalArgumentException for a rate it cannot resample
     */
    synchronized boolean add(byte[] pcm, int sampleRate) {
        if (pcm.length % 2 != 0) throw new IllegalArgumentException("16-bit PCM has an even number of bytes, not " + pcm.length);
        short[] in = new short[pcm.length / 2];
        for (int i = 0; i < in.length; i++) in[i] = (short) ((pcm[2 * i] & 0xff) | (pcm[2 * i + 1] << 8));
        short[] at48 = in;
        if (sampleRate != 48_000) {
            if (!PcmResampler.supports(sampleRate, 48_000)) throw new IllegalArgumentException("cannot play audio at " + sampleRate + " Hz");
            PcmResampler r = resamplers.computeIfAbsent(sampleRate, rate -> new PcmResampler(rate, 48_000));
            short[] out = new short[r.maxOutput(in.length)];
            at48 = Arrays.copyOf(out, r.resample(in, 0, in.length, out, 0));
        }
        if (queued + at48.length > maxSamples) return false;
        queue.add(at48);
        queued += at48.length;
        return true;
    }

    /** Queues a checkpoint: it is reached once the audio queued before it has played. */
    synchronized void checkpoint(String name) {
        queue.add(name);
    }

    /** Drops the queued audio and checkpoints ({@code clearAudio}). */
    synchronized void clear() {
        queue.clear();
        queued = 0;
        headOffset = 0;
    }

    /**
     * Takes the next 20 ms into {@code frame} (silence where there is no audio).
     *
     * @param frame 960 samples, overwritten
     * @return the names of the checkpoints reached by this frame, in order
     */
    synchronized List<String> take(short[] frame) {
        int filled = 0;
        List<String> reached = List.of();
        while (!queue.isEmpty()) {
            Object head = queue.peek();
            if (head instanceof String name) {
                if (reached.isEmpty()) reached = new ArrayList<>();
                reached.add(name);
                queue.poll();
                continue;
            }
            if (filled == FRAME) break;
            short[] chunk = (short[]) head;
            int n = Math.min(FRAME - filled, chunk.length - headOffset);
            System.arraycopy(chunk, headOffset, frame, filled, n);
            filled += n;
            headOffset += n;
            queued -= n;
            if (headOffset == chunk.length) {
                queue.poll();
                headOffset = 0;
            }
        }
        Arrays.fill(frame, filled, FRAME, (short) 0);
        return reached;
    }

    @Override
    public synchronized void close() {
        resamplers.values().forEach(PcmResampler::close);
        resamplers.clear();
        clear();
    }
}

package gateway.callstream.internal;

import gateway.api.stream.MediaPacket;
import gateway.lib.opus.OpusDecodingException;
import gateway.lib.opus.OpusPcmDecoder;
import gateway.lib.opus.PcmResampler;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The shared decode stage of one live stream (a call, or a reply stream played into one): its Opus is decoded
 * once, to 48 kHz mono (a stereo source is downmixed by the decoder), and resampled, cut into 20 ms chunks,
 * encoded and base64-encoded once per output format — however many forks read it. Each fork's session asks for
 * the chunks of the packet it holds; whichever fork comes first does the work, the others get the same chunks.
 *
 * <p>Forks of one call receive the same packets in the same order, but each on its own thread and at its own
 * pace, so the stage keeps the last second of results while several forks share a format (and the decoded
 * audio while several formats share the call). A fork that falls further behind than that loses the audio it
 * missed rather than rewinding the decoder. Thread-safe (one lock per call; forks of different calls never
 * contend).
 */
final class CallAudio {
    /** One 20 ms message payload. */
    record Chunk(String payload, long arrivalMillis) {}

    /** How many packets back a lagging fork still finds its results (50 × 20 ms). */
    static final int HISTORY = 50;

    private final OpusPcmDecoder decoder = new OpusPcmDecoder(1);
    private final Map<MediaFormat, Stage> stages = new EnumMap<>(MediaFormat.class);
    private long decodedSequence = -1;
    private short[] pcm = new short[0];
    private int pcmLength;
    private long pcmArrival;
    private final short[][] pcmHistory = new short[HISTORY][];
    private final long[] pcmHistorySequence = new long[HISTORY];
    private final long[] pcmHistoryArrival = new long[HISTORY];
    private long decodeErrors;

    /** Registers a reader of a format. */
    synchronized void join(MediaFormat format) {
        stages.computeIfAbsent(format, Stage::new).readers++;
    }

    /**
     * Unregisters a reader.
     *
     * @return whether no reader is left
     */
    synchronized boolean leave(MediaFormat format) {
        Stage s = stages.get(format);
        if (s != null && --s.readers <= 0) stages.remove(format);
        return stages.isEmpty();
    }

    /** @return packets that could not be decoded so far */
    synchronized long decodeErrors() {
        return decodeErrors;
    }

    /**
     * The 20 ms chunks that a packet completes in a format (usually one per 20 ms packet; none while a longer
     * chunk is still filling, several for a 40 or 60 ms packet).
     *
     * @param packet the stream's packet
     * @param format a format some reader {@linkplain #join joined}
     * @return the chunks, in order; empty if none is complete or the packet's audio is gone (a reader too late)
     */
    synchronized List<Chunk> chunks(MediaPacket packet, MediaFormat format) {
        Stage stage = stages.get(format);
        if (stage == null) return List.of();
        long seq = packet.sequence();
        if (seq <= stage.lastSequence) return stage.cached(seq);
        short[] samples;
        int length;
        long arrival;
        if (seq > decodedSequence) {
            decode(packet);
            samples = pcm;
            length = pcmLength;
            arrival = pcmArrival;
        } else if (seq == decodedSequence) {
            samples = pcm;
            length = pcmLength;
            arrival = pcmArrival;
        } else {
            int slot = (int) (seq % HISTORY);
            if (pcmHistory[slot] == null || pcmHistorySequence[slot] != seq) {
                stage.lastSequence = seq;
                return List.of();
            }
            samples = pcmHistory[slot];
            length = samples.length;
            arrival = pcmHistoryArrival[slot];
        }
        List<Chunk> out = stage.process(samples, length, arrival);
        stage.lastSequence = seq;
        if (stage.readers > 1) stage.keep(seq, out);
        return out;
    }

    private void decode(MediaPacket packet) {
        ByteBuffer b = packet.payload();
        byte[] bytes = new byte[b.remaining()];
        b.get(b.position(), bytes);
        long now = System.currentTimeMillis();
        int n;
        try {
            n = decoder.decode(bytes, 0, bytes.length);
        } catch (OpusDecodingException e) {
            decodeErrors++;
            long micros = packet.durationMicros() > 0 ? packet.durationMicros() : 20_000;
            int missing = (int) Math.min(OpusPcmDecoder.MAX_FRAME_SAMPLES, Math.max(120, micros * 48 / 1000 / 120 * 120));
            n = decoder.conceal(missing);
        }
        pcm = decoder.pcm();
        pcmLength = n;
        pcmArrival = now;
        decodedSequence = packet.sequence();
        if (stages.size() > 1) {
            // several formats read this call at their own pace: keep the decoded audio (plus its arrival time)
            int slot = (int) (decodedSequence % HISTORY);
            pcmHistory[slot] = java.util.Arrays.copyOf(pcm, n);
            pcmHistorySequence[slot] = decodedSequence;
            pcmHistoryArrival[slot] = now;
        }
    }

    /** One output format: resampler, the part of a chunk that is still filling, recent results. */
    private static final class Stage {
        private final MediaFormat format;
        private final PcmResampler resampler;
        private final short[] filling;
        private final short[] resampled;
        private int filled;
        int readers;
        long lastSequence = -1;
        @SuppressWarnings("unchecked")
        private final List<Chunk>[] kept = new List[HISTORY];
        private final long[] keptSequence = new long[HISTORY];

        Stage(MediaFormat format) {
            this.format = format;
            this.resampler = new PcmResampler(OpusPcmDecoder.SAMPLE_RATE, format.sampleRate());
            this.filling = new short[format.chunkSamples()];
            this.resampled = new short[resampler.maxOutput(OpusPcmDecoder.MAX_FRAME_SAMPLES)];
        }

        List<Chunk> process(short[] pcm48, int length, long arrival) {
            int n = resampler.resample(pcm48, 0, length, resampled, 0);
            List<Chunk> out = null;
            int at = 0;
            while (at < n) {
                int take = Math.min(filling.length - filled, n - at);
                System.arraycopy(resampled, at, filling, filled, take);
                filled += take;
                at += take;
                if (filled == filling.length) {
                    Chunk c = new Chunk(Base64.getEncoder().encodeToString(format.encode(filling, 0, filling.length)), arrival);
                    if (out == null) out = new ArrayList<>(2);
                    out.add(c);
                    filled = 0;
                }
            }
            return out == null ? List.of() : out;
        }

        void keep(long seq, List<Chunk> chunks) {
            int slot = (int) (seq % HISTORY);
            kept[slot] = chunks;
            keptSequence[slot] = seq;
        }

        List<Chunk> cached(long seq) {
            int slot = (int) (seq % HISTORY);
            return kept[slot] != null && keptSequence[slot] == seq ? kept[slot] : List.of();
        }
    }
}

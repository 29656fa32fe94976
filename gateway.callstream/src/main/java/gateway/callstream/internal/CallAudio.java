package gateway.callstream.internal;

import gateway.api.stream.MediaPacket;
import gateway.lib.opus.OpusDecodingException;
import gateway.lib.opus.OpusPcmDecoder;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The shared decode stage of one live stream (a call, or a reply stream played into one): its Opus is decoded once
 * per output rate — directly at 8 or 16 kHz, libopus's own band-limited path (a stereo source is downmixed by the
 * decoder) — then cut into 20 ms chunks, encoded and base64-encoded once per output format, however many forks
 * read it. Each fork's session asks for the chunks of the packet it holds; whichever fork comes first does the
 * work, the others get the same chunks.
 *
 * <p>Forks of one call receive the same packets in the same order, but each on its own thread and at its own
 * pace, so the stage keeps a packet's results while several forks share a format (and its decoded audio while
 * several formats share a rate) until every other reader has taken them, for at most the last second. A fork that
 * falls further behind than that loses the audio it missed rather than rewinding the decoder. Results are let go
 * as soon as the last reader took them, so that a young collection finds almost none of them alive: kept for the
 * whole second, a few hundred calls' chunks outgrew the survivor space at every collection and were copied into
 * the old generation. Thread-safe (one lock per call; forks of different calls never contend).
 */
final class CallAudio {
    /**
     * One 20 ms message payload, base64 as ASCII bytes (shared by every fork that sends it: never modified), and
     * when the packet it came from reached the gateway (ms since the epoch).
     */
    record Chunk(byte[] payload, long arrivalMillis) {}

    /** How many packets back a lagging fork still finds its results (50 × 20 ms), if they are not taken yet. */
    static final int HISTORY = 50;

    private final Map<Integer, Decoding> rates = new HashMap<>();
    /** The decoding each joined format reads, looked up per packet without boxing its rate. */
    private final Map<MediaFormat, Decoding> byFormat = new EnumMap<>(MediaFormat.class);
    private final Runnable decodeError;
    private boolean closed;

    /** @param decodeError told of each packet that could not be decoded (and was concealed) */
    CallAudio(Runnable decodeError) {
        this.decodeError = decodeError;
    }

    /** Registers a reader of a format. */
    synchronized void join(MediaFormat format) {
        if (closed) throw new IllegalStateException("the call's decode stage is closed");
        Decoding d = rates.computeIfAbsent(format.sampleRate(), Decoding::new);
        d.join(format);
        byFormat.put(format, d);
    }

    /**
     * Unregisters a reader; the decoder of a rate nobody reads any more is freed.
     *
     * @return whether no reader is left
     */
    synchronized boolean leave(MediaFormat format) {
        Decoding d = rates.get(format.sampleRate());
        if (d != null && d.leave(format)) {
            rates.remove(format.sampleRate());
            d.decoder.close();
        }
        if (d != null && !d.stages.containsKey(format)) byFormat.remove(format);
        return rates.isEmpty();
    }

    /** Frees every decoder; chunks are no longer produced. */
    synchronized void close() {
        closed = true;
        rates.values().forEach(d -> d.decoder.close());
        rates.clear();
        byFormat.clear();
    }

    /**
     * The 20 ms chunks that a packet completes in a format (usually one per 20 ms packet; none while a longer
     * chunk is still filling, several for a 40 or 60 ms packet).
     *
     * @param packet the stream's packet; its chunks carry its {@linkplain MediaPacket#arrivalMillis arrival}
     * @param format a format some reader {@linkplain #join joined}
     * @return the chunks, in order; empty if none is complete or the packet's audio is gone (a reader too late)
     */
    synchronized List<Chunk> chunks(MediaPacket packet, MediaFormat format) {
        Decoding d = byFormat.get(format);
        return d == null ? List.of() : d.chunks(packet, format);
    }

    /** @return the packets whose results are kept for readers that have not taken them yet (per rate and format) */
    synchronized int keptPackets() {
        int n = 0;
        for (Decoding d : rates.values()) n += d.kept();
        return n;
    }

    /** One decoder at one output rate, with the formats of that rate. */
    private final class Decoding {
        private final OpusPcmDecoder decoder;
        private final Map<MediaFormat, Stage> stages = new EnumMap<>(MediaFormat.class);
        private long decodedSequence = -1;
        private int pcmLength;
        /** Decoded audio kept for the rate's other formats while several read it. */
        private final KeptResults<short[]> decodedHistory = new KeptResults<>(HISTORY);
        /** The packet being decoded, copied out of its buffer (grown to the largest packet seen). */
        private byte[] packetBytes = new byte[256];

        Decoding(int rate) {
            this.decoder = new OpusPcmDecoder(rate, 1);
        }

        void join(MediaFormat format) {
            Stage stage = stages.get(format);
            if (stage == null) {
                stage = new Stage(format);
                stages.put(format, stage);
                decodedHistory.addReader(); // it may still ask for the packets decoded just before it joined
            }
            stage.join();
        }

        /** @return whether no format of this rate is read any more */
        boolean leave(MediaFormat format) {
            Stage s = stages.get(format);
            if (s != null && --s.readers <= 0) stages.remove(format);
            return stages.isEmpty();
        }

        List<Chunk> chunks(MediaPacket packet, MediaFormat format) {
            Stage stage = stages.get(format);
            if (stage == null) return List.of();
            long seq = packet.sequence();
            if (seq <= stage.lastSequence) return stage.cached(seq);
            short[] samples;
            int length;
            if (seq > decodedSequence) {
                decode(packet);
                samples = decoder.pcm();
                length = pcmLength;
            } else if (seq == decodedSequence) {
                samples = decoder.pcm();
                length = pcmLength;
                decodedHistory.take(seq); // taken from the decoder itself
            } else {
                short[] pcm = decodedHistory.take(seq);
                if (pcm == null) {
                    stage.lastSequence = seq;
                    return List.of();
                }
                samples = pcm;
                length = pcm.length;
            }
            List<Chunk> out = stage.process(samples, length, packet.arrivalMillis());
            stage.lastSequence = seq;
            if (stage.readers > 1) stage.keep(seq, out);
            return out;
        }

        private void decode(MediaPacket packet) {
            ByteBuffer b = packet.payload();
            int size = b.remaining();
            if (size > packetBytes.length) packetBytes = new byte[Math.max(size, 2 * packetBytes.length)];
            b.get(b.position(), packetBytes, 0, size);
            int n;
            try {
                n = decoder.decode(packetBytes, 0, size);
            } catch (OpusDecodingException e) {
                decodeError.run();
                int step = decoder.sampleRate() / 400; // concealment works in 2.5 ms steps
                long micros = packet.durationMicros() > 0 ? packet.durationMicros() : 20_000;
                long samples = micros * decoder.sampleRate() / 1_000_000 / step * step;
                n = decoder.conceal((int) Math.min(decoder.maxFrameSamples(), Math.max(step, samples)));
            }
            pcmLength = n;
            decodedSequence = packet.sequence();
            if (stages.size() > 1) {
                // several formats read this rate at their own pace: keep the decoded audio until the others took it
                decodedHistory.keep(decodedSequence, Arrays.copyOf(decoder.pcm(), n), stages.size() - 1);
            }
        }

        /** @return the packets whose decoded audio or chunks are still kept for readers that have not taken them */
        int kept() {
            int n = decodedHistory.size();
            for (Stage s : stages.values()) n += s.kept.size();
            return n;
        }
    }

    /** One output format: the part of a chunk that is still filling, recent results. */
    private static final class Stage {
        private final MediaFormat format;
        private final short[] filling;
        private int filled;
        /** A chunk in the format's bytes, before base64 (which is the only copy kept). */
        private final byte[] encoded;
        int readers;
        long lastSequence = -1;
        /** Chunks kept for the format's other readers. */
        private final KeptResults<List<Chunk>> kept = new KeptResults<>(HISTORY);

        Stage(MediaFormat format) {
            this.format = format;
            this.filling = new short[format.chunkSamples()];
            this.encoded = new byte[format.chunkSamples() * format.bytesPerSample()];
        }

        List<Chunk> process(short[] pcm, int n, long arrival) {
            Chunk first = null;
            List<Chunk> more = null;
            int at = 0;
            while (at < n) {
                int take = Math.min(filling.length - filled, n - at);
                System.arraycopy(pcm, at, filling, filled, take);
                filled += take;
                at += take;
                if (filled == filling.length) {
                    format.encode(filling, 0, filling.length, encoded);
                    Chunk c = new Chunk(MessageText.base64(encoded, encoded.length), arrival);
                    if (first == null) {
                        first = c;
                    } else {
                        if (more == null) more = new ArrayList<>(4);
                        if (more.isEmpty()) more.add(first);
                        more.add(c);
                    }
                    filled = 0;
                }
            }
            return more != null ? more : first != null ? List.of(first) : List.of();
        }

        void join() {
            readers++;
            kept.addReader(); // the new reader may still ask for the packets processed just before it joined
        }

        /** Keeps a packet's chunks for the format's other readers. */
        void keep(long seq, List<Chunk> chunks) {
            kept.keep(seq, chunks, readers - 1);
        }

        /** A later reader takes a packet's chunks; the last one lets them go. */
        List<Chunk> cached(long seq) {
            List<Chunk> chunks = kept.take(seq);
            return chunks == null ? List.of() : chunks;
        }
    }
}

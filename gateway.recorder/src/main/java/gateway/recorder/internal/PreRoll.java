package gateway.recorder.internal;

import gateway.lib.ogg.OpusPackets;
import java.util.ArrayDeque;
import java.util.List;

/**
 * The most recent packets of a stream, at least {@value #SAMPLES} samples of them (48 kHz): the pre-roll a
 * file that starts mid-stream begins with. RFC 7845 §4.2: 80 ms of pre-roll lets a decoder converge, so the
 * next file's audio joins the previous one's without a gap or an overlap.
 */
final class PreRoll {
    /** 80 ms at 48 kHz. */
    static final int SAMPLES = 3840;

    private final ArrayDeque<byte[]> packets = new ArrayDeque<>();
    private long samples;

    /**
     * Keeps a packet, dropping the oldest ones that are no longer needed for {@value #SAMPLES} samples.
     *
     * @param packet an Opus packet
     */
    void add(byte[] packet) {
        packets.addLast(packet);
        samples += OpusPackets.samples(packet);
        while (samples - OpusPackets.samples(packets.peekFirst()) >= SAMPLES) {
            samples -= OpusPackets.samples(packets.removeFirst());
        }
    }

    /** @return the packets kept, oldest first */
    List<byte[]> packets() {
        return List.copyOf(packets);
    }

    /** @return the samples they hold: the pre-skip of a file that starts with them */
    long samples() {
        return samples;
    }

    boolean isEmpty() {
        return packets.isEmpty();
    }

    void clear() {
        packets.clear();
        samples = 0;
    }
}

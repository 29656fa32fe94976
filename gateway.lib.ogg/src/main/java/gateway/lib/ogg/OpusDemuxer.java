package gateway.lib.ogg;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * Turns the pages of an Ogg/Opus stream into Opus packets with timestamps, and its headers into
 * {@link OpusHead}/{@link OpusTags}. Follows the first logical bitstream; pages of other multiplexed
 * streams are ignored. A chained stream (a new stream after an end-of-stream page, as sources send on
 * a metadata change) is followed too: its headers are reported again and its timeline continues
 * the previous one.
 *
 * <p>Timestamps come from the granule positions, so a gap in the source stays a gap; packets are
 * never moved backwards. A lost page (sequence gap) drops only the packet it cut.
 */
public final class OpusDemuxer {
    /** Longest packet accepted (headers with pictures included). */
    static final int MAX_PACKET = OpusTags.MAX_SIZE;

    /** Receives what the demuxer finds. */
    public interface Listener {
        /**
         * The headers of a (possibly chained) stream.
         *
         * @param head the identification header
         * @param tags the comment header
         */
        void onHeaders(OpusHead head, OpusTags tags);

        /**
         * One Opus packet.
         *
         * @param timestampMicros start time from the beginning of the stream
         * @param durationMicros  duration
         * @param packet          the packet; the listener may keep it. Nothing changes it afterwards, and it may be
         *                        the page's own body (when that is exactly this packet): it is not copied again
         */
        void onPacket(long timestampMicros, long durationMicros, byte[] packet);
    }

    private enum Stage { HEAD, TAGS, AUDIO, ENDED }

    private final Listener listener;
    private Stage stage = Stage.HEAD;
    private int serial;
    private boolean haveSerial;
    private long lastSequence = -1;
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    /** The packets completed on the page being read, and their durations: at most one per lacing value. */
    private final byte[][] complete = new byte[255][];
    private final int[] samples = new int[255];
    private boolean skipContinuation;
    private OpusHead head;
    /** Our timeline (48 kHz samples) at the end of the last packet delivered. */
    private long position;
    /** Granule position that corresponds to {@link #position} 0 for the current chain link; unset = Long.MIN_VALUE. */
    private long granuleBase = Long.MIN_VALUE;
    private long lostPages;
    private long packets;

    /** @param listener receives headers and packets */
    public OpusDemuxer(Listener listener) {
        this.listener = listener;
    }

    /** @return pages missing according to their sequence numbers */
    public long lostPages() {
        return lostPages;
    }

    /** @return audio packets delivered */
    public long packets() {
        return packets;
    }

    /** @return the current stream's identification header, or null before it arrived */
    public OpusHead head() {
        return head;
    }

    /**
     * Processes one page.
     *
     * @param page the page
     * @throws OggFormatException if the stream is not Opus or its headers are malformed
     */
    public void accept(OggPage page) throws OggFormatException {
        if (page.beginOfStream() && (!haveSerial || stage == Stage.ENDED)) {
            serial = page.serial();
            haveSerial = true;
            stage = Stage.HEAD;
            lastSequence = -1;
            partial.reset();
            granuleBase = Long.MIN_VALUE;
        }
        if (!haveSerial) throw new OggFormatException("the stream does not start with a beginning-of-stream page");
        if (page.serial() != serial || stage == Stage.ENDED) return;

        if (lastSequence >= 0 && page.sequence() != lastSequence + 1) {
            lostPages += Math.max(1, page.sequence() - lastSequence - 1);
            partial.reset();
            skipContinuation = page.continued();
        } else if (page.continued() && partial.size() == 0 && lastSequence < 0) {
            skipContinuation = true;
        }
        lastSequence = page.sequence();

        int count = 0;
        int offset = 0;
        int begin = 0; // where the packet being read began in this page's body
        int[] segments = page.segments();
        byte[] body = page.body();
        for (int i = 0; i < segments.length; i++) {
            int n = segments[i];
            if (!skipContinuation && partial.size() + offset - begin + n > MAX_PACKET) {
                throw new OggFormatException("packet larger than " + MAX_PACKET + " bytes");
            }
            offset += n;
            if (n < 255) {
                if (!skipContinuation) complete[count++] = packet(body, begin, offset);
                partial.reset();
                skipContinuation = false;
                begin = offset;
            }
        }
        // a packet that goes on on the next page
        if (!skipContinuation && begin < offset) partial.write(body, begin, offset - begin);
        try {
            for (int i = 0; i < count; i++) {
                byte[] p = complete[i];
                switch (stage) {
                    case HEAD -> {
                        head = OpusHead.parse(p == body ? body.clone() : p);
                        stage = Stage.TAGS;
                    }
                    case TAGS -> {
                        OpusTags tags = OpusTags.parse(p == body ? body.clone() : p);
                        stage = Stage.AUDIO;
                        listener.onHeaders(head, tags);
                    }
                    case AUDIO -> {
                        deliverAudio(i, count, page.granulePosition());
                        i = count;
                    }
                    default -> { }
                }
            }
        } finally {
            Arrays.fill(complete, 0, count, null);
        }
        if (page.endOfStream()) stage = Stage.ENDED;
    }

    /**
     * @return the packet that ends at {@code end} in the page's body: the body itself when the packet is all of it,
     *     else a copy (with the part that came on earlier pages before it)
     */
    private byte[] packet(byte[] body, int begin, int end) {
        if (partial.size() == 0) {
            return begin == 0 && end == body.length ? body : Arrays.copyOfRange(body, begin, end);
        }
        partial.write(body, begin, end - begin);
        return partial.toByteArray();
    }

    /** Delivers {@code complete[from..to)}, the audio packets that end on a page of granule position {@code pageGranule}. */
    private void deliverAudio(int from, int to, long pageGranule) {
        long total = 0;
        for (int i = from; i < to; i++) total += samples[i] = OpusPackets.samples(complete[i]);
        long start = position;
        if (pageGranule >= 0) {
            long firstStartGranule = pageGranule - total;
            if (granuleBase == Long.MIN_VALUE) granuleBase = firstStartGranule - position;
            start = Math.max(position, firstStartGranule - granuleBase); // keep gaps, never go back
        }
        for (int i = from; i < to; i++) {
            listener.onPacket(OpusPackets.micros(start), OpusPackets.micros(samples[i]), complete[i]);
            packets++;
            start += samples[i];
        }
        position = start;
    }
}

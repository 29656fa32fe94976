package gateway.lib.ogg;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes an Ogg/Opus stream (RFC 7845): the identification header on its own first page, the
 * comment header on the next page(s), then audio pages with granule positions. A page is written as
 * soon as it holds {@code pageSamples} of audio (e.g. 960 = 20 ms for live relaying, 48 000 = 1 s for
 * files), so a reader never waits long and a crash loses at most one page.
 */
public final class OggOpusWriter implements AutoCloseable {
    private final OutputStream out;
    private final int serial;
    private final long pageSamples;
    private long sequence;
    private long granule;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private final ByteArrayOutputStream lacing = new ByteArrayOutputStream();
    private long pendingSamples;
    private boolean headersWritten;
    private boolean closed;
    private final boolean holdFullPage;

    /**
     * @param out         where pages go; each page is written with one {@code write} call
     * @param serial      the logical bitstream serial number
     * @param pageSamples audio per page in 48 kHz samples (at least one packet per page)
     */
    public OggOpusWriter(OutputStream out, int serial, long pageSamples) {
        this(out, serial, pageSamples, false);
    }

    /**
     * @param out          where pages go; each page is written with one {@code write} call
     * @param serial       the logical bitstream serial number
     * @param pageSamples  audio per page in 48 kHz samples (at least one packet per page)
     * @param holdFullPage write a full page only when the next packet arrives (or at {@link #close()}), so
     *                     the end-of-stream mark always lands on a page that carries audio — what a file
     *                     needs for strict readers; costs one packet of delay, so live relays pass false
     */
    public OggOpusWriter(OutputStream out, int serial, long pageSamples, boolean holdFullPage) {
        this.out = out;
        this.serial = serial;
        this.pageSamples = Math.max(1, pageSamples);
        this.holdFullPage = holdFullPage;
    }

    /**
     * Writes the two header pages. Must come first.
     *
     * @param head the identification header (written unchanged)
     * @param tags the comment header (written unchanged)
     * @throws IOException from the output
     */
    public void writeHeaders(OpusHead head, OpusTags tags) throws IOException {
        if (headersWritten) throw new IllegalStateException("headers already written");
        writePage(OggPage.BEGIN_OF_STREAM, 0, head.raw(), lacingFor(head.raw().length));
        writePacketPages(tags.raw(), 0);
        headersWritten = true;
    }

    /**
     * Adds an audio packet; writes a page when enough audio is pending.
     *
     * @param packet an Opus packet
     * @throws IOException from the output
     */
    public void writePacket(byte[] packet) throws IOException {
        if (!headersWritten) throw new IllegalStateException("write the headers first");
        if (closed) throw new IllegalStateException("closed");
        int laces = packet.length / 255 + 1;
        if (holdFullPage && pendingSamples >= pageSamples) flush(0);
        if (lacing.size() + laces > 255 || body.size() + packet.length > 60_000) flush(0);
        if (laces > 255) { // a single huge packet spans pages
            granule += OpusPackets.samples(packet);
            writePacketPages(packet, granule);
            return;
        }
        lacing.writeBytes(lacingFor(packet.length));
        body.writeBytes(packet);
        int samples = OpusPackets.samples(packet);
        granule += samples;
        pendingSamples += samples;
        if (!holdFullPage && pendingSamples >= pageSamples) flush(0);
    }

    /** @return the granule position (48 kHz samples, including pre-skip) of the last packet written */
    public long granulePosition() {
        return granule;
    }

    /**
     * Writes the pending packets as a page now (e.g. before an fsync).
     *
     * @throws IOException from the output
     */
    public void flush() throws IOException {
        flush(0);
        out.flush();
    }

    /** Writes the pending packets on a last page marked end-of-stream. Does not close the output. */
    @Override
    public void close() throws IOException {
        if (closed) return;
        closed = true;
        if (headersWritten) flush(OggPage.END_OF_STREAM, true);
        out.flush();
    }

    private void flush(int flags) throws IOException {
        flush(flags, false);
    }

    private void flush(int flags, boolean evenIfEmpty) throws IOException {
        if (lacing.size() == 0 && !evenIfEmpty) return;
        writePage(flags, granule, body.toByteArray(), lacing.toByteArray());
        body.reset();
        lacing.reset();
        pendingSamples = 0;
    }

    /** Writes one packet on as many pages as it needs (continued pages carry granule -1). */
    private void writePacketPages(byte[] packet, long endGranule) throws IOException {
        byte[] laces = lacingFor(packet.length);
        int laceOffset = 0;
        int dataOffset = 0;
        boolean first = true;
        while (laceOffset < laces.length) {
            int n = Math.min(255, laces.length - laceOffset);
            int bytes = 0;
            for (int i = 0; i < n; i++) bytes += laces[laceOffset + i] & 0xff;
            byte[] pageLacing = java.util.Arrays.copyOfRange(laces, laceOffset, laceOffset + n);
            byte[] pageBody = java.util.Arrays.copyOfRange(packet, dataOffset, dataOffset + bytes);
            boolean last = laceOffset + n == laces.length;
            writePage(first ? 0 : OggPage.CONTINUED, last ? endGranule : -1, pageBody, pageLacing);
            laceOffset += n;
            dataOffset += bytes;
            first = false;
        }
    }

    private static byte[] lacingFor(int length) {
        byte[] l = new byte[length / 255 + 1];
        java.util.Arrays.fill(l, (byte) 255);
        l[l.length - 1] = (byte) (length % 255);
        return l;
    }

    private void writePage(int flags, long granulePos, byte[] pageBody, byte[] pageLacing) throws IOException {
        byte[] page = new byte[27 + pageLacing.length + pageBody.length];
        page[0] = 'O'; page[1] = 'g'; page[2] = 'g'; page[3] = 'S';
        page[4] = 0;
        page[5] = (byte) flags;
        for (int i = 0; i < 8; i++) page[6 + i] = (byte) (granulePos >>> (8 * i));
        le32(page, 14, serial);
        le32(page, 18, (int) sequence++);
        page[26] = (byte) pageLacing.length;
        System.arraycopy(pageLacing, 0, page, 27, pageLacing.length);
        System.arraycopy(pageBody, 0, page, 27 + pageLacing.length, pageBody.length);
        le32(page, 22, OggCrc.update(0, page, 0, page.length));
        out.write(page);
    }

    private static void le32(byte[] b, int p, int v) {
        b[p] = (byte) v;
        b[p + 1] = (byte) (v >>> 8);
        b[p + 2] = (byte) (v >>> 16);
        b[p + 3] = (byte) (v >>> 24);
    }
}

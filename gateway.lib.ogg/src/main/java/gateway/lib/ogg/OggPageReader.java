package gateway.lib.ogg;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits an Ogg byte stream, fed in chunks of any size (e.g. one SRT message at a time), into pages.
 * Each page's checksum is verified. Bytes that are not a page (garbage before a capture pattern, a page
 * with a bad checksum) are skipped and counted, up to a limit: a stream that yields no valid page within
 * {@link #MAX_GARBAGE} bytes is not Ogg, and {@link #feed} throws.
 *
 * <p>Memory is bounded: at most one maximal page (65 307 bytes) is buffered.
 */
public final class OggPageReader {
    /** Largest possible page: 27-byte header, 255 lacing values, 255 × 255 body bytes. */
    public static final int MAX_PAGE = 27 + 255 + 255 * 255;
    /** Bytes of non-Ogg data tolerated before the stream is declared not Ogg. */
    public static final int MAX_GARBAGE = 256 * 1024;

    private byte[] buf = new byte[8192];
    private int len;
    private long skipped;
    private long skippedSinceLastPage;
    private long pages;
    /** The pages the current {@link #feed} completed so far. */
    private final List<OggPage> found = new ArrayList<>(2);
    private static final byte[] NO_CHECKSUM = new byte[4];

    /**
     * Adds bytes and returns the pages they complete.
     *
     * @param data   the bytes
     * @param offset where they start
     * @param length how many
     * @return complete pages, in order (possibly none); the list cannot be modified
     * @throws OggFormatException when more than {@link #MAX_GARBAGE} bytes in a row are not Ogg
     */
    public List<OggPage> feed(byte[] data, int offset, int length) throws OggFormatException {
        int pos = offset;
        int end = offset + length;
        try {
            while (pos < end) {
                int n = Math.min(end - pos, MAX_PAGE - len);
                ensureCapacity(len + n);
                System.arraycopy(data, pos, buf, len, n);
                len += n;
                pos += n;
                drain();
            }
        } catch (OggFormatException e) {
            found.clear();
            throw e;
        }
        // the usual case, one page from one message (an SRT message carries one page), without a list of its own
        if (found.size() == 1) {
            OggPage page = found.get(0);
            found.clear();
            return List.of(page);
        }
        if (found.isEmpty()) return List.of();
        List<OggPage> out = List.copyOf(found);
        found.clear();
        return out;
    }

    /** @return bytes skipped because they were not part of a valid page */
    public long skippedBytes() {
        return skipped;
    }

    /** @return pages read */
    public long pages() {
        return pages;
    }

    private void drain() throws OggFormatException {
        int start = 0;
        while (true) {
            int sync = findCapture(start);
            if (sync < 0) {
                // keep up to 3 bytes that may begin a capture pattern
                int keep = Math.min(3, len - start);
                skip(len - start - keep);
                compact(len - keep);
                return;
            }
            skip(sync - start);
            start = sync;
            if (len - start < 27) break;
            int version = buf[start + 4] & 0xff;
            int nseg = buf[start + 26] & 0xff;
            if (version != 0) { skip(1); start++; continue; }
            if (len - start < 27 + nseg) break;
            int bodyLen = 0;
            for (int i = 0; i < nseg; i++) bodyLen += buf[start + 27 + i] & 0xff;
            int pageLen = 27 + nseg + bodyLen;
            if (len - start < pageLen) break;
            if (!checksumOk(start, pageLen)) { skip(1); start++; continue; }
            found.add(parse(start, nseg, bodyLen));
            pages++;
            skippedSinceLastPage = 0;
            start += pageLen;
        }
        compact(start);
    }

    private OggPage parse(int p, int nseg, int bodyLen) {
        int headerType = buf[p + 5] & 0xff;
        long granule = 0;
        for (int i = 7; i >= 0; i--) granule = (granule << 8) | (buf[p + 6 + i] & 0xff);
        int serial = le32(p + 14);
        long sequence = le32(p + 18) & 0xffffffffL;
        int[] segments = new int[nseg];
        for (int i = 0; i < nseg; i++) segments[i] = buf[p + 27 + i] & 0xff;
        byte[] body = Arrays.copyOfRange(buf, p + 27 + nseg, p + 27 + nseg + bodyLen);
        return new OggPage(headerType, granule, serial, sequence, segments, body);
    }

    private boolean checksumOk(int p, int pageLen) {
        int stored = le32(p + 22);
        int crc = OggCrc.update(0, buf, p, 22);
        crc = OggCrc.update(crc, NO_CHECKSUM, 0, 4);
        crc = OggCrc.update(crc, buf, p + 26, pageLen - 26);
        return crc == stored;
    }

    private int findCapture(int from) {
        for (int i = from; i + 3 < len; i++) {
            if (buf[i] == 'O' && buf[i + 1] == 'g' && buf[i + 2] == 'g' && buf[i + 3] == 'S') return i;
        }
        return -1;
    }

    private void skip(long n) throws OggFormatException {
        if (n <= 0) return;
        skipped += n;
        skippedSinceLastPage += n;
        if (skippedSinceLastPage > MAX_GARBAGE) {
            throw new OggFormatException("no Ogg page in the last " + skippedSinceLastPage + " bytes: not an Ogg stream");
        }
    }

    private void compact(int from) {
        if (from <= 0) return;
        System.arraycopy(buf, from, buf, 0, len - from);
        len -= from;
    }

    private void ensureCapacity(int n) {
        if (n > buf.length) buf = Arrays.copyOf(buf, Math.min(MAX_PAGE, Math.max(n, buf.length * 2)));
    }

    private int le32(int p) {
        return (buf[p] & 0xff) | (buf[p + 1] & 0xff) << 8 | (buf[p + 2] & 0xff) << 16 | (buf[p + 3] & 0xff) << 24;
    }
}

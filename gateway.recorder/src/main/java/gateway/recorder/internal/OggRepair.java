package gateway.recorder.internal;

import gateway.api.recording.RecordingStorage;
import gateway.api.recording.StorageReader;
import gateway.api.recording.StorageWriter;
import gateway.lib.ogg.OggFormatException;
import gateway.lib.ogg.OggPage;
import gateway.lib.ogg.OggPageReader;
import gateway.lib.ogg.OpusHead;
import gateway.lib.ogg.OpusPackets;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Finishes an Ogg/Opus file that was cut short (the gateway was killed, the disk filled up): keeps every
 * complete page whose checksum is right, drops a torn tail, marks the last audio page end-of-stream, and
 * reports the playable duration, the size and a SHA-256 checksum of the result.
 */
final class OggRepair {

    /**
     * What the file holds after repair.
     *
     * @param size           bytes of the repaired file
     * @param durationMillis playable audio
     * @param packets        Opus audio packets
     * @param discarded      bytes dropped from the tail
     * @param checksum       {@code sha256:<hex>}
     * @param playable       whether the headers and at least one audio page survived
     */
    record Result(long size, long durationMillis, long packets, long discarded, String checksum, boolean playable) {}

    private OggRepair() {
    }

    /**
     * Repairs an object in place.
     *
     * @param storage where it is
     * @param object  its name
     * @return what it holds now
     * @throws IOException if it cannot be read or rewritten
     */
    static Result repair(RecordingStorage storage, String object) throws IOException {
        Scan scan = scan(storage, object);
        long keep = scan.validEnd;
        byte[] tail = null;
        if (scan.lastAudio != null && scan.lastAudioEnd == scan.validEnd && !scan.lastAudio.endOfStream()) {
            keep = scan.validEnd - scan.lastAudio.size();
            tail = scan.lastAudio.withHeaderType(scan.lastAudio.headerType() | OggPage.END_OF_STREAM).encode();
        }
        long discarded = scan.total - scan.validEnd;
        if (keep < scan.total) storage.truncate(object, keep);
        if (tail != null) {
            try (StorageWriter w = storage.append(object)) {
                w.write(ByteBuffer.wrap(tail));
            }
        }
        MessageDigest sha = tail == null ? scan.sha : scan.shaBeforeLastAudio;
        if (tail != null) sha.update(tail);
        String checksum = "sha256:" + HexFormat.of().formatHex(sha.digest());
        long size = keep + (tail == null ? 0 : tail.length);
        long duration = scan.lastGranule < 0 ? 0 : Math.max(0, scan.lastGranule - scan.preSkip) * 1000 / OpusPackets.RATE;
        return new Result(size, duration, scan.packets, discarded, checksum, scan.head && scan.lastAudio != null);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    private static final class Scan {
        long total;
        long validEnd;
        long lastAudioEnd;
        OggPage lastAudio;
        long lastGranule = -1;
        int preSkip;
        long packets;
        boolean head;
        int pageIndex;
        /** SHA-256 of the kept pages, and of the pages before the last audio page (whose rewrite replaces it). */
        final MessageDigest sha = sha256();
        MessageDigest shaBeforeLastAudio;
    }

    /**
     * Walks the file page by page from the start and stops at the first byte that does not begin a
     * complete page with a correct checksum: everything before it is kept.
     */
    private static Scan scan(RecordingStorage storage, String object) throws IOException {
        Scan s = new Scan();
        try (StorageReader r = storage.open(object)) {
            s.total = r.size();
            byte[] window = new byte[4 * OggPageReader.MAX_PAGE];
            int have = 0; // bytes of the window filled, starting at file offset s.validEnd
            long filePos = 0; // file offset of window[have]
            int at = 0; // start of the next page in the window
            while (true) {
                if (have - at < OggPageReader.MAX_PAGE && filePos < s.total) { // refill
                    System.arraycopy(window, at, window, 0, have - at);
                    have -= at;
                    at = 0;
                    int n;
                    while (have < window.length && (n = r.read(filePos, ByteBuffer.wrap(window, have, window.length - have))) > 0) {
                        have += n;
                        filePos += n;
                    }
                }
                int length = pageLength(window, at, have - at);
                if (length < 0) break;
                List<OggPage> one;
                OggPageReader reader = new OggPageReader();
                try {
                    one = reader.feed(window, at, length);
                } catch (OggFormatException e) {
                    break;
                }
                if (one.size() != 1 || reader.skippedBytes() > 0) break; // wrong checksum
                if (!accept(s, one.get(0), window, at, length)) break;
                s.validEnd += length;
                at += length;
            }
        }
        return s;
    }

    /** @return the length of the page starting at {@code at}, or -1 if no complete page starts there */
    private static int pageLength(byte[] b, int at, int available) {
        if (available < 27 || b[at] != 'O' || b[at + 1] != 'g' || b[at + 2] != 'g' || b[at + 3] != 'S') return -1;
        int segments = b[at + 26] & 0xff;
        if (available < 27 + segments) return -1;
        int length = 27 + segments;
        for (int i = 0; i < segments; i++) length += b[at + 27 + i] & 0xff;
        return available < length ? -1 : length;
    }

    private static boolean accept(Scan s, OggPage page, byte[] bytes, int offset, int length) {
        if (s.pageIndex == 0) {
            byte[] body = page.body();
            if (!OpusHead.matches(body)) return false;
            try {
                s.preSkip = OpusHead.parse(body).preSkip();
                s.head = true;
            } catch (OggFormatException e) {
                return false;
            }
        } else if (s.pageIndex >= 2 && page.granulePosition() >= 0) {
            try {
                s.shaBeforeLastAudio = (MessageDigest) s.sha.clone();
            } catch (CloneNotSupportedException e) {
                throw new IllegalStateException("the JDK's SHA-256 cannot be cloned", e);
            }
            s.lastAudio = page;
            s.lastAudioEnd = s.validEnd + page.size();
            s.lastGranule = page.granulePosition();
            for (int lace : page.segments()) if (lace < 255) s.packets++;
        }
        s.sha.update(bytes, offset, length);
        s.pageIndex++;
        return true;
    }
}

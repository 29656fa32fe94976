package gateway.recorder.internal;

import gateway.api.recording.StorageWriter;
import gateway.lib.ogg.OggOpusWriter;
import gateway.lib.ogg.OpusHead;
import gateway.lib.ogg.OpusPackets;
import gateway.lib.ogg.OpusTags;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes one recording file: the stream's Opus headers and packets, unchanged, as Ogg pages.
 *
 * <p><b>Flush policy.</b> A page is handed to the storage (for a file: the operating system) as soon as it
 * holds {@code pageSamples} of audio and the next packet has arrived (so that the end-of-stream mark always
 * lands on a page with audio), so a killed gateway loses at most a page and a packet plus what was queued;
 * every {@code syncNanos} the file is synced to the disk, which bounds what a power failure can lose.
 */
final class SegmentWriter {
    private final StorageWriter out;
    private final RecorderTotals totals;
    private final OggOpusWriter ogg;
    private final MessageDigest sha = OggRepair.sha256();
    private final int preSkip;
    private final long syncNanos;
    private long lastSync = System.nanoTime();
    private long packets;
    private long size;

    /**
     * Opens the file: writes the Opus headers.
     *
     * @param out         the storage's file
     * @param head        the OpusHead
     * @param tags        the OpusTags
     * @param pageSamples audio per Ogg page, in 48 kHz samples
     * @param syncNanos   how often the file is synced to the disk; 0 = only at the end
     * @param totals      where every byte and packet written is counted
     * @throws IOException from the storage
     */
    SegmentWriter(StorageWriter out, OpusHead head, OpusTags tags, long pageSamples, long syncNanos, RecorderTotals totals)
            throws IOException {
        this.out = out;
        this.totals = totals;
        this.preSkip = head.preSkip();
        this.syncNanos = syncNanos;
        this.ogg = new OggOpusWriter(new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(ByteBuffer.wrap(b, off, len));
                sha.update(b, off, len);
                size += len;
                totals.written(len);
            }
        }, ThreadLocalRandom.current().nextInt(), pageSamples, true);
        ogg.writeHeaders(head, tags);
        out.sync();
    }

    /**
     * @param packet an Opus packet
     * @throws IOException from the storage
     */
    void write(byte[] packet) throws IOException {
        ogg.writePacket(packet);
        packets++;
        totals.packetWritten();
        long now = System.nanoTime();
        if (syncNanos > 0 && now - lastSync >= syncNanos) {
            out.sync();
            lastSync = now;
        }
    }

    /** Writes the last page (end-of-stream) and syncs and closes the file. */
    void finish() throws IOException {
        try {
            ogg.close();
        } finally {
            out.close();
        }
    }

    /** Releases the file after a failure without writing more. */
    void abandon() {
        try {
            out.close();
        } catch (IOException | RuntimeException ignored) {
            // already failing; the failure that got us here is what gets reported
        }
    }

    long durationMillis() {
        return Math.max(0, ogg.granulePosition() - preSkip) * 1000 / OpusPackets.RATE;
    }

    long packets() {
        return packets;
    }

    long size() {
        return size;
    }

    /** @return {@code sha256:<hex>} of everything written; call after {@link #finish()} */
    String checksum() {
        return "sha256:" + HexFormat.of().formatHex(sha.digest());
    }
}

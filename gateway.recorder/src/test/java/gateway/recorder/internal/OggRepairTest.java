package gateway.recorder.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.api.recording.StorageFullException;
import gateway.api.recording.StorageWriter;
import gateway.lib.ogg.OggPage;
import gateway.lib.ogg.OggPageReader;
import gateway.lib.ogg.OpusHead;
import gateway.lib.ogg.OpusTags;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Repair of files cut short at every possible byte, and the file storage's quota. */
class OggRepairTest {
    @TempDir
    Path dir;

    private static byte[] packet() {
        byte[] p = new byte[100];
        p[0] = (byte) 0xF8; // CELT fullband 20 ms, mono, one frame
        return p;
    }

    /** Writes {@code packets} 20 ms packets in pages of 100 ms; returns the file's bytes. */
    private byte[] record(FileStorage storage, String name, int packets) throws Exception {
        RecorderTotals totals = new RecorderTotals();
        SegmentWriter w = new SegmentWriter(storage.create(name), OpusHead.of(1, 312, 48_000),
                OpusTags.of("test", List.of("title=x")), 4_800, 0, totals);
        for (int i = 0; i < packets; i++) w.write(packet());
        w.finish();
        assertEquals((packets * 960L - 312) / 48, w.durationMillis(), "granule minus pre-skip, in ms");
        byte[] file = Files.readAllBytes(storage.path(name));
        assertEquals(file.length, totals.bytesWritten(), "every byte of the file is counted as written");
        assertEquals(packets, totals.packetsWritten());
        return file;
    }

    @Test
    void everyCutLeavesTheCompletePagesBeforeItWithAnEndOfStreamMark() throws Exception {
        FileStorage storage = new FileStorage(dir, 0);
        byte[] whole = record(storage, "whole.ogg", 50); // 1 s: 2 header pages + 10 audio pages
        List<OggPage> pages = new OggPageReader().feed(whole, 0, whole.length);
        for (OggPage p : pages.subList(2, pages.size())) {
            boolean endsPacket = false;
            for (int lace : p.segments()) endsPacket |= lace < 255;
            assertTrue(endsPacket, "a page with a granule position finishes a packet (strict readers such as opusinfo check)");
        }
        assertTrue(pages.get(pages.size() - 1).endOfStream());
        assertEquals(12, pages.size(), "2 header pages and 10 of audio: " + pages.size());
        long[] pageEnds = new long[pages.size()];
        long end = 0;
        for (int i = 0; i < pages.size(); i++) pageEnds[i] = end += pages.get(i).size();

        for (int cut = 0; cut <= whole.length; cut += 7) {
            String name = "cut/" + cut + ".ogg";
            Files.createDirectories(storage.path(name).getParent());
            Files.write(storage.path(name), java.util.Arrays.copyOf(whole, cut));
            OggRepair.Result r = OggRepair.repair(storage, name);
            int complete = 0;
            while (complete < pageEnds.length && pageEnds[complete] <= cut) complete++;
            long granule = -1, packets = 0;
            for (int i = 2; i < complete; i++) {
                granule = pages.get(i).granulePosition();
                for (int lace : pages.get(i).segments()) if (lace < 255) packets++;
            }
            assertEquals(complete > 2, r.playable(), "cut " + cut);
            assertEquals(granule < 0 ? 0 : (granule - 312) / 48, r.durationMillis(), "cut " + cut);
            assertEquals(packets, r.packets(), "cut " + cut);
            assertEquals(cut - pageEnds[Math.max(0, complete - 1)] * (complete > 0 ? 1 : 0), r.discarded(), "cut " + cut);
            byte[] repaired = Files.readAllBytes(storage.path(name));
            assertEquals(r.size(), repaired.length);
            List<OggPage> kept = new OggPageReader().feed(repaired, 0, repaired.length);
            assertEquals(complete, kept.size(), "cut " + cut);
            if (complete > 2) assertTrue(kept.get(kept.size() - 1).endOfStream(), "last page marked end of stream, cut " + cut);
            assertEquals(r.checksum(), sha256(storage.path(name)));
        }
    }

    @Test
    void aFinishedFileIsLeftAsItIs() throws Exception {
        FileStorage storage = new FileStorage(dir, 0);
        byte[] whole = record(storage, "a.ogg", 20);
        OggRepair.Result r = OggRepair.repair(storage, "a.ogg");
        assertEquals(whole.length, r.size());
        assertEquals(0, r.discarded());
        assertTrue(java.util.Arrays.equals(whole, Files.readAllBytes(storage.path("a.ogg"))));
    }

    @Test
    void damageInTheMiddleKeepsWhatPrecedesIt() throws Exception {
        FileStorage storage = new FileStorage(dir, 0);
        byte[] whole = record(storage, "b.ogg", 50);
        whole[whole.length / 2] ^= 0x55;
        Files.write(storage.path("b.ogg"), whole);
        OggRepair.Result r = OggRepair.repair(storage, "b.ogg");
        assertTrue(r.playable());
        assertTrue(r.durationMillis() < 1_000 && r.durationMillis() > 0, "kept " + r.durationMillis());
        assertTrue(r.discarded() > 0);
    }

    @Test
    void theQuotaStopsWritesWithAStorageFullError() throws Exception {
        FileStorage storage = new FileStorage(dir, 1_000);
        try (StorageWriter w = storage.create("q.ogg")) {
            w.write(ByteBuffer.allocate(900));
            StorageFullException full = assertThrows(StorageFullException.class, () -> w.write(ByteBuffer.allocate(200)));
            assertTrue(full.getMessage().contains("quota of 1.0 KB"), full.getMessage());
            assertEquals(900, w.size(), "nothing of the refused write");
        }
        assertTrue(storage.delete("q.ogg"));
        assertEquals(0, storage.used());
        assertFalse(storage.delete("q.ogg"));
        try (StorageWriter w = storage.create("r.ogg")) {
            w.write(ByteBuffer.allocate(1_000)); // space freed by the delete
        }
    }

    @Test
    void namesCannotLeaveTheStorageFolder() throws Exception {
        FileStorage storage = new FileStorage(dir, 0);
        for (String bad : List.of("../x.ogg", "/etc/passwd", "a/../../x", "a//b", "", "a/b\\c")) {
            assertThrows(IllegalArgumentException.class, () -> storage.create(bad), bad);
        }
    }

    /** The file's checksum read back from disk, independently of the repair's own computation. */
    private static String sha256(Path file) throws Exception {
        return "sha256:" + java.util.HexFormat.of().formatHex(
                java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}

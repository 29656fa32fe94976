package gateway.lib.ogg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ogg/Opus written by ffmpeg is read by us, and what we write is read by ffmpeg/ffprobe. */
class OggOpusInteropTest {

    @TempDir
    static Path dir;

    @BeforeAll
    static void ffmpegPresent() {
        Ffmpeg.require();
    }

    record Demuxed(List<OpusHead> heads, List<OpusTags> tags, List<long[]> times, List<byte[]> packets, OpusDemuxer demuxer) {}

    /** Feeds the bytes in random chunk sizes, as they arrive from a network. */
    static Demuxed demux(byte[] data, long seed) throws OggFormatException {
        List<OpusHead> heads = new ArrayList<>();
        List<OpusTags> tags = new ArrayList<>();
        List<long[]> times = new ArrayList<>();
        List<byte[]> packets = new ArrayList<>();
        OpusDemuxer demuxer = new OpusDemuxer(new OpusDemuxer.Listener() {
            @Override
            public void onHeaders(OpusHead head, OpusTags t) {
                heads.add(head);
                tags.add(t);
            }

            @Override
            public void onPacket(long ts, long duration, byte[] packet) {
                times.add(new long[] {ts, duration});
                packets.add(packet);
            }
        });
        OggPageReader reader = new OggPageReader();
        Random random = new Random(seed);
        for (int pos = 0; pos < data.length; ) {
            int n = Math.min(data.length - pos, 1 + random.nextInt(1400));
            for (OggPage page : reader.feed(data, pos, n)) demuxer.accept(page);
            pos += n;
        }
        return new Demuxed(heads, tags, times, packets, demuxer);
    }

    @Test
    void readsFfmpegOggOpusWithHeadersTagsAndTiming() throws Exception {
        Path file = Ffmpeg.sine(dir, "tone.ogg", "libopus", 3, "-b:a", "64k", "-page_duration", "20000",
                "-metadata", "title=Test tone", "-metadata", "artist=Gateway");
        Demuxed d = demux(Files.readAllBytes(file), 1);
        assertEquals(1, d.heads().size());
        assertEquals(1, d.heads().get(0).channels());
        assertTrue(d.heads().get(0).preSkip() > 0);
        assertEquals("Test tone", d.tags().get(0).asMap().get("title"));
        assertEquals("Gateway", d.tags().get(0).asMap().get("artist"));
        assertEquals(151, d.packets().size(), "3 s of 20 ms packets plus the encoder delay");
        for (int i = 0; i < d.times().size(); i++) {
            assertEquals(20_000, d.times().get(i)[1]);
            assertEquals(i * 20_000L, d.times().get(i)[0], "packet " + i);
        }
        assertEquals(0, d.demuxer().lostPages());
    }

    @Test
    void whatWeWriteIsValidForFfprobeAndFfmpegAndRoundTrips() throws Exception {
        Path source = Ffmpeg.sine(dir, "source.ogg", "libopus", 4, "-b:a", "64k", "-metadata", "title=Round trip");
        Demuxed in = demux(Files.readAllBytes(source), 2);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OggOpusWriter writer = new OggOpusWriter(out, 0x1234, 48_000)) {
            writer.writeHeaders(in.heads().get(0), in.tags().get(0));
            for (byte[] p : in.packets()) writer.writePacket(p);
        }
        Path ours = dir.resolve("ours.ogg");
        Files.write(ours, out.toByteArray());

        double duration = Ffmpeg.duration(ours);
        assertEquals(4.0, duration, 0.05, "ffprobe duration");
        Ffmpeg.Result decode = Ffmpeg.run("ffmpeg", "-hide_banner", "-v", "error", "-i", ours.toString(), "-f", "null", "-");
        assertEquals(0, decode.exit(), decode.output());
        assertEquals("", decode.output().trim(), "ffmpeg decodes without complaint");
        Ffmpeg.Result probe = Ffmpeg.run("ffprobe", "-v", "error", "-show_entries", "stream=codec_name:stream_tags=title", "-of", "csv=p=0", ours.toString());
        assertTrue(probe.output().contains("opus"), probe.output());
        assertTrue(probe.output().contains("Round trip"), probe.output());

        Demuxed again = demux(out.toByteArray(), 3);
        assertEquals(in.packets().size(), again.packets().size());
        for (int i = 0; i < in.packets().size(); i++) assertArrayEquals(in.packets().get(i), again.packets().get(i));
    }

    @Test
    void aPacketOnSeveralPagesAndPagesOfSeveralPacketsArriveWhole() throws Exception {
        Path source = Ffmpeg.sine(dir, "pages.ogg", "libopus", 2, "-b:a", "64k", "-page_duration", "20000");
        Demuxed in = demux(Files.readAllBytes(source), 6);
        String longComment = "x".repeat(200_000); // comment header on four pages
        OpusTags tags = OpusTags.of("gateway", List.of("title=Long tags", "comment=" + longComment));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OggOpusWriter writer = new OggOpusWriter(out, 0x4321, 3 * 960)) { // three 20 ms packets a page
            writer.writeHeaders(in.heads().get(0), tags);
            for (byte[] p : in.packets()) writer.writePacket(p);
        }
        Path ours = dir.resolve("pages-ours.ogg");
        Files.write(ours, out.toByteArray());
        Ffmpeg.Result probe = Ffmpeg.run("ffprobe", "-v", "error", "-show_entries", "stream_tags=title", "-of", "csv=p=0", ours.toString());
        assertTrue(probe.output().contains("Long tags"), probe.output());

        Demuxed again = demux(out.toByteArray(), 7);
        assertArrayEquals(tags.raw(), again.tags().get(0).raw());
        assertEquals(longComment, again.tags().get(0).asMap().get("comment"));
        assertEquals(in.packets().size(), again.packets().size());
        for (int i = 0; i < in.packets().size(); i++) {
            assertArrayEquals(in.packets().get(i), again.packets().get(i), "packet " + i);
            assertEquals(i * 20_000L, again.times().get(i)[0], "packet " + i);
        }
        assertEquals(0, again.demuxer().lostPages());
    }

    @Test
    void vorbisIsRefusedWithAClearReason() throws Exception {
        Path file = Ffmpeg.sine(dir, "vorbis.ogg", "libvorbis", 1);
        OggFormatException e = assertThrows(OggFormatException.class, () -> demux(Files.readAllBytes(file), 4));
        assertTrue(e.getMessage().contains("Vorbis"), e.getMessage());
    }

    @Test
    void aCorruptedPageIsSkippedAndTheRestStillArrives() throws Exception {
        Path file = Ffmpeg.sine(dir, "corrupt.ogg", "libopus", 2, "-page_duration", "20000");
        byte[] data = Files.readAllBytes(file);
        int tenth = 0;
        for (int i = 0, pages = 0; i + 3 < data.length; i++) {
            if (data[i] == 'O' && data[i + 1] == 'g' && data[i + 2] == 'g' && data[i + 3] == 'S' && ++pages == 20) {
                tenth = i;
                break;
            }
        }
        data[tenth + 40] ^= 0x55; // inside the body: the checksum no longer matches
        Demuxed d = demux(data, 5);
        assertEquals(1, d.demuxer().lostPages());
        assertEquals(100, d.packets().size(), "one 20 ms page lost out of 101");
        long last = d.times().get(d.times().size() - 1)[0];
        assertEquals(2_000_000, last, "the gap is kept in the timeline");
    }
}

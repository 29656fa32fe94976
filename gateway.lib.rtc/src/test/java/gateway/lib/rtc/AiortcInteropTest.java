package gateway.lib.rtc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import gateway.lib.ogg.OggOpusWriter;
import gateway.lib.ogg.OggPage;
import gateway.lib.ogg.OggPageReader;
import gateway.lib.ogg.OpusDemuxer;
import gateway.lib.ogg.OpusHead;
import gateway.lib.ogg.OpusTags;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * aiortc (Debian's python3-aiortc 1.4: aioice, its own DTLS over OpenSSL, libsrtp, libopus) as the remote peer:
 * it offers, this transport answers as an ICE-lite server. It hears a tone this side forwards as Opus packets
 * (decoded by aiortc at its frequency), and this side receives its tone (decoded by ffmpeg at its frequency).
 */
class AiortcInteropTest {
    private static final Path PYTHON = Path.of("/usr/bin/python3");

    @TempDir
    Path tmp;

    @Test
    void aiortcHearsTheOpusPacketsThisSideSends() throws Exception {
        requireAiortc();
        List<byte[]> tone = opusPackets(tone(440, 5));
        try (RtcTransport server = transport(); Aiortc peer = Aiortc.start(tmp, "receive", "--seconds", "3", "--hz", "440")) {
            LoopbackTest.Events events = new LoopbackTest.Events();
            RtcPeer speaker = server.newPeer(events);
            SessionDescription answer = speaker.answer(SessionDescription.parse(peer.offer()), LocalAudio.send());
            peer.answer(answer.toString());
            events.awaitConnected();
            assertEquals(SrtpProfile.AES_CM_128_HMAC_SHA1_80, speaker.srtpProfile().orElseThrow(), "aiortc 1.4 offers only AES-CM");
            AudioSender sender = speaker.audioSender().orElseThrow();
            Thread pacer = Thread.ofPlatform().start(() -> {
                long start = System.nanoTime();
                for (int i = 0; i < tone.size() && speaker.state() == PeerState.CONNECTED; i++) {
                    LockSupport.parkNanos(start + i * 20_000_000L - System.nanoTime());
                    sender.send(i, i * 20_000L, ByteBuffer.wrap(tone.get(i)));
                }
            });
            String received = peer.await("received", 30);
            pacer.join(10_000);
            double level = number(received, "level");
            double off = number(received, "off");
            System.out.println("aiortc received: " + received);
            assertTrue(number(received, "frames") >= 100, "aiortc decoded audio frames: " + received);
            assertTrue(level > 300 && off < level / 20, "aiortc hears 440 Hz: " + received);
            peer.await("closed", 10);
            assertTrue(events.closed.await(10, TimeUnit.SECONDS), "aiortc's close ends the peer");
            assertTrue(events.end == PeerEnd.REMOTE_CLOSED || events.end == PeerEnd.CONSENT_EXPIRED, "ended " + events.end + ": " + events.detail);
            assertTrue(speaker.stats().rtcpReceived() > 0, "aiortc's receiver reports arrived: " + speaker.stats());
            assertEquals(0, server.stats().srtpRejected());
            assertEquals(0, server.stats().internalErrors());
        }
    }

    @Test
    void thisSideReceivesAiortcsToneAsOpusPackets() throws Exception {
        requireAiortc();
        try (RtcTransport server = transport(); Aiortc peer = Aiortc.start(tmp, "send", "--seconds", "3", "--hz", "660")) {
            LoopbackTest.Events events = new LoopbackTest.Events();
            List<byte[]> packets = events.payloads;
            RtcPeer publisher = server.newPeer(events);
            SessionDescription answer = publisher.answer(SessionDescription.parse(peer.offer()), LocalAudio.receive());
            assertTrue(answer.toString().contains("a=recvonly"));
            peer.answer(answer.toString());
            events.awaitConnected();
            peer.await("sent", 30);
            peer.await("closed", 10);
            assertTrue(packets.size() > 100, "packets received: " + packets.size());
            Path ogg = tmp.resolve("received.ogg");
            try (OutputStream out = Files.newOutputStream(ogg); OggOpusWriter w = new OggOpusWriter(out, 1, 960)) {
                w.writeHeaders(OpusHead.of(2, 312, 48000), OpusTags.of("test", List.of()));
                for (byte[] p : packets) w.writePacket(p);
            }
            short[] pcm = decode(ogg);
            int from = pcm.length / 4;
            double level = level(pcm, from, pcm.length / 2, 660);
            double off = level(pcm, from, pcm.length / 2, 990);
            System.out.printf("received from aiortc: %d packets, 660 Hz level %.0f, 990 Hz level %.1f%n", packets.size(), level, off);
            assertTrue(level > 300 && off < level / 20, "ffmpeg hears aiortc's 660 Hz: " + level + " vs " + off);
            assertTrue(publisher.stats().packetsReceived() == packets.size());
        }
    }

    static RtcTransport transport() throws IOException {
        return RtcTransport.open(RtcTransportOptions.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)));
    }

    static void requireAiortc() throws Exception {
        boolean present = Files.isExecutable(PYTHON)
                && new ProcessBuilder(PYTHON.toString(), "-c", "import aiortc").start().waitFor() == 0;
        if (System.getenv("CI") != null && !present) throw new AssertionError("python3-aiortc is required in CI");
        assumeTrue(present, "python3-aiortc not installed");
    }

    /** A tone encoded by ffmpeg into Ogg/Opus with 20 ms pages. */
    Path tone(int hz, int seconds) throws Exception {
        Path out = tmp.resolve("tone-" + hz + ".ogg");
        Process p = new ProcessBuilder("ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
                "sine=frequency=" + hz + ":duration=" + seconds, "-c:a", "libopus", "-b:a", "64k", "-page_duration", "20000",
                out.toString()).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), "ffmpeg: " + log);
        return out;
    }

    static List<byte[]> opusPackets(Path ogg) throws Exception {
        List<byte[]> packets = new ArrayList<>();
        OpusDemuxer demuxer = new OpusDemuxer(new OpusDemuxer.Listener() {
            @Override
            public void onHeaders(OpusHead h, OpusTags t) {
            }

            @Override
            public void onPacket(long timestampMicros, long durationMicros, byte[] packet) {
                packets.add(packet);
            }
        });
        byte[] bytes = Files.readAllBytes(ogg);
        for (OggPage page : new OggPageReader().feed(bytes, 0, bytes.length)) demuxer.accept(page);
        return packets;
    }

    static short[] decode(Path ogg) throws Exception {
        Process p = new ProcessBuilder("ffmpeg", "-hide_banner", "-loglevel", "error", "-i", ogg.toString(), "-f", "s16le", "-ac", "1",
                "-ar", "48000", "-").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] b = p.getInputStream().readAllBytes();
        assertEquals(0, p.waitFor(), "ffmpeg decodes " + ogg);
        short[] s = new short[b.length / 2];
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(s);
        return s;
    }

    /** Amplitude of one frequency (Goertzel). */
    static double level(short[] x, int from, int n, double hz) {
        double w = 2 * Math.PI * hz / 48_000, c = 2 * Math.cos(w), s1 = 0, s2 = 0;
        for (int i = from; i < from + n; i++) {
            double s = x[i] + c * s1 - s2;
            s2 = s1;
            s1 = s;
        }
        return Math.sqrt(Math.max(0, s1 * s1 + s2 * s2 - c * s1 * s2)) / n;
    }

    static double number(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\": ([-0-9.eE]+)").matcher(json);
        assertTrue(m.find(), key + " in " + json);
        return Double.parseDouble(m.group(1));
    }

    static String text(String json, String key) {
        int at = json.indexOf("\"" + key + "\": \"");
        assertTrue(at >= 0, key + " in " + json);
        StringBuilder b = new StringBuilder();
        for (int i = at + key.length() + 5; i < json.length(); i++) {
            char c = json.charAt(i);
            if (c == '"') break;
            if (c == '\\') {
                char n = json.charAt(++i);
                b.append(switch (n) {
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    case 't' -> '\t';
                    default -> n;
                });
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\r", "\\r").replace("\n", "\\n") + "\"";
    }

    /** The aiortc process and its JSON lines. */
    static final class Aiortc implements AutoCloseable {
        private final Process process;
        private final BufferedReader out;
        private final OutputStream in;
        private final List<String> lines = new ArrayList<>();

        private Aiortc(Process process) {
            this.process = process;
            this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            this.in = process.getOutputStream();
        }

        static Aiortc start(Path dir, String... args) throws IOException {
            Path script = dir.resolve("aiortc_peer.py");
            try (InputStream s = AiortcInteropTest.class.getResourceAsStream("/gateway/lib/rtc/aiortc_peer.py")) {
                Files.write(script, s.readAllBytes());
            }
            List<String> cmd = new ArrayList<>(List.of(PYTHON.toString(), script.toString()));
            cmd.addAll(List.of(args));
            return new Aiortc(new ProcessBuilder(cmd).redirectError(dir.resolve("aiortc.log").toFile()).start());
        }

        String offer() throws IOException {
            return text(await("offer", 30), "sdp");
        }

        void answer(String sdp) throws IOException {
            in.write(("{\"sdp\": " + quote(sdp) + "}\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
        }

        /** Reads lines until one with this event (blocking; the process ends on its own within its time). */
        String await(String event, int seconds) throws IOException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            String line;
            while (System.nanoTime() < deadline && (line = out.readLine()) != null) {
                lines.add(line);
                if (line.contains("\"event\": \"" + event + "\"")) return line;
            }
            throw new AssertionError("aiortc printed no '" + event + "' within " + seconds + " s: " + lines);
        }

        /** Kills the process (SIGKILL): it vanishes without closing anything. */
        void kill() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }

        @Override
        public void close() throws InterruptedException {
            if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly();
        }
    }
}

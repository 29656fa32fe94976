package gateway.itest.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import gateway.lib.rtc.LocalAudio;
import gateway.lib.rtc.PeerListener;
import gateway.lib.rtc.RtcPeer;
import gateway.lib.rtc.RtcTransport;
import gateway.lib.rtc.RtcTransportOptions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The running gateway's WebRTC port under hostile datagrams while an aiortc WHEP listener plays a tone that ffmpeg
 * sends over SRT: STUN with an unknown user and with a wrong MESSAGE-INTEGRITY, garbage DTLS, a ClientHello from
 * each of thousands of source ports, SRTP/SRTCP with wrong tags from unknown addresses and forged with the
 * listener's own address, DTLS handshakes started through WHEP and ICE and never finished, and a ClientHello flood
 * on a validated address. The listener keeps decoding without a loss burst, every kind is counted on
 * {@code /metrics}, the half-open sessions are bounded by {@code maxSessions} and end at the connect timeout,
 * threads and memory return, and the log has no stack trace.
 */
class WebRtcHostileInputTest {
    private static final int FLOOD_PORTS = 3000;
    private static final int MAX_SESSIONS = 40;
    private static final int HALF_OPEN_OFFERS = 50;
    private static final Pattern SDP_UFRAG = Pattern.compile("(?m)^a=ice-ufrag:(\\S+)");
    private static final Pattern SDP_PWD = Pattern.compile("(?m)^a=ice-pwd:(\\S+)");
    private static final Pattern METRIC = Pattern.compile("(?m)^(gateway_whep_\\w+?|gateway_handler_dropped_packets_total)(\\{[^}]*})? (\\S+)$");

    @TempDir
    Path tmp;

    @Test
    void aListenerPlaysOnThroughHostileDatagrams() throws Exception {
        WhipPeers.requireAiortc();
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/ffmpeg")), "ffmpeg not installed");
        Path spoof = Path.of(getClass().getResource("/whep/spoof_udp.py").toURI());
        assumeTrue(spoof(spoof, "127.0.0.1:9", "127.0.0.1:9", List.of(new byte[] {0})) == 1, "forging source addresses needs root (a raw socket)");
        Path home = tmp.resolve("home");
        Files.createDirectories(home.resolve("etc"));
        Files.writeString(home.resolve("etc/gateway.whep.cfg"), "maxSessions = " + MAX_SESSIONS + "\n");
        try (GatewayProcess gw = WhepPlaybackTest.gateway(home, "connectTimeoutSeconds = 3\n", "-XX:NativeMemoryTracking=summary");
             RtcTransport offers = RtcTransport.open(RtcTransportOptions.of(new InetSocketAddress("127.0.0.1", 0)))) {
            InetSocketAddress rtc = new InetSocketAddress("127.0.0.1", udpPort(home));
            WhepPlaybackTest.Contribution source = WhepPlaybackTest.contribute(gw, 120);
            String whep = "/whep/" + source.streamId();
            WhipPeers.Publisher listener = WhepPlaybackTest.aiortc(gw.uri(whep).toString(), 30, 440, "--progress");
            listener.await("first-frame", Duration.ofSeconds(20));
            ProcessHandle jvm = WhipPeers.jvm(home);

            // a warm-up round of half-open sessions, so that the baseline has every class loaded and thread pool started
            halfOpen(gw, whep, offers, rtc, 5, new ArrayList<>());
            awaitSessions(gw, 1, Duration.ofSeconds(15));
            String remote = onlySession(gw).path("remote").asText();
            long threads = WhipPeers.threads(jvm);
            WhipPeers.Memory memory = WhipPeers.memory(jvm);
            Map<String, Double> before = metrics(gw);
            JsonNode progressBefore = progress(listener);
            long t0 = System.nanoTime();

            List<String> phases = new ArrayList<>();
            phases.add("strangers " + System.currentTimeMillis() / 1000.0);
            // 1. from addresses no ICE check validated: answered (STUN) or dropped at the door, no state
            long cpu0 = cpuMillis(jvm);
            int unauthenticated;
            try (DatagramChannel stranger = udp()) {
                for (int i = 0; i < 200; i++) send(stranger, rtc, HostileDatagrams.bindingRequest("nosuchuser:attacker", "somepasswordsomepassword"));
                unauthenticated = countStun(stranger, 0x0111, 200);
                for (int i = 0; i < 500; i++) send(stranger, rtc, HostileDatagrams.dtlsGarbage());
                for (int i = 0; i < 1000; i++) send(stranger, rtc, HostileDatagrams.srtp(0x1234, i));
                for (int i = 0; i < 200; i++) send(stranger, rtc, HostileDatagrams.srtcp(0x1234, i));
            }
            byte[] hello = HostileDatagrams.clientHello();
            for (int i = 0; i < FLOOD_PORTS; i += 100) { // 100 sockets at a time: each ClientHello from a port of its own
                List<DatagramChannel> batch = new ArrayList<>();
                try {
                    for (int j = 0; j < 100; j++) batch.add(udp());
                    for (DatagramChannel c : batch) send(c, rtc, hello);
                } finally {
                    for (DatagramChannel c : batch) c.close();
                }
            }
            long strangerDatagrams = 200 + 500 + 1000 + 200 + FLOOD_PORTS;
            Map<String, Double> afterStrangers = awaitMetric(gw, "gateway_whep_transport_unknown_source_total",
                    before.get("gateway_whep_transport_unknown_source_total") + 500 + 1200 + FLOOD_PORTS);
            long strangerCpu = cpuMillis(jvm) - cpu0;
            assertEquals(200, unauthenticated, "every binding request of an unknown user is answered 401");

            phases.add("forged " + System.currentTimeMillis() / 1000.0);
            // 2. forged with the listener's own address: SRTP/SRTCP with wrong tags, garbage and a ClientHello into its DTLS session
            List<byte[]> forged = new ArrayList<>();
            for (int i = 0; i < 300; i++) forged.add(HostileDatagrams.srtp(ThreadLocalRandom.current().nextInt(), i));
            for (int i = 0; i < 300; i++) forged.add(HostileDatagrams.srtcp(0x4321, 1_000 + i));
            for (int i = 0; i < 100; i++) forged.add(HostileDatagrams.dtlsGarbageRecord(1_000 + i));
            for (int i = 0; i < 100; i++) forged.add(HostileDatagrams.dtlsGarbage());
            for (int i = 0; i < 20; i++) forged.add(HostileDatagrams.clientHello());
            assertEquals(820, spoof(spoof, remote, "127.0.0.1:" + rtc.getPort(), forged));
            Map<String, Double> afterForged = awaitMetric(gw, "gateway_whep_transport_srtp_rejected_total",
                    before.get("gateway_whep_transport_srtp_rejected_total") + 600);

            phases.add("half-open " + System.currentTimeMillis() / 1000.0);
            // 3. handshakes started and never finished: WHEP offers, a valid ICE check, a ClientHello, then silence
            List<HalfOpen> halfOpen = new ArrayList<>();
            int refused = halfOpen(gw, whep, offers, rtc, HALF_OPEN_OFFERS, halfOpen);
            // the listener holds one place; on a slow machine the first half-open sessions may already have ended (3 s)
            // and freed theirs while the last offers came, so more than MAX_SESSIONS - 1 can have been accepted in all
            assertEquals(HALF_OPEN_OFFERS, halfOpen.size() + refused);
            assertTrue(refused > 0 && halfOpen.size() >= MAX_SESSIONS - 1, "maxSessions refused offers (503) once full: "
                    + halfOpen.size() + " accepted, " + refused + " refused");
            assertTrue(WhipPeers.JSON.readTree(gw.get("/whep", WhepPlaybackTest.AUTH).body()).size() <= MAX_SESSIONS, "never more than maxSessions");
            int wrongIntegrity = 0;
            long floodReplies = 0;
            try (DatagramChannel c = halfOpen.get(0).socket()) {
                for (HalfOpen h : halfOpen) send(c, rtc, HostileDatagrams.bindingRequest(h.gatewayUfrag() + ":x", "not-" + h.gatewayPwd()));
                wrongIntegrity = countStun(c, 0x0111, halfOpen.size());
                phases.add("validated flood " + System.currentTimeMillis() / 1000.0);
                // and a flood on an address ICE did validate: the handshake's queue takes a handful, the rest is dropped
                for (int i = 0; i < 2000; i++) send(c, rtc, i % 2 == 0 ? hello : HostileDatagrams.dtlsGarbageRecord(i));
                floodReplies = drain(c);
            }
            assertEquals(halfOpen.size(), wrongIntegrity, "a wrong MESSAGE-INTEGRITY is answered 401");
            phases.add("done " + System.currentTimeMillis() / 1000.0);
            for (HalfOpen h : halfOpen.subList(1, halfOpen.size())) h.socket().close();
            awaitSessions(gw, 1, Duration.ofSeconds(15)); // connectTimeoutSeconds = 3: every half-open session ends
            double seconds = (System.nanoTime() - t0) / 1e9;
            Map<String, Double> after = metrics(gw);

            // the listener heard on, without a loss burst
            JsonNode progressAfter = progress(listener);
            long frames = progressAfter.path("frames").asLong() - progressBefore.path("frames").asLong();
            double listened = progressAfter.path("t").asDouble() - progressBefore.path("t").asDouble();
            JsonNode stillPlaying = onlySession(gw);
            assertEquals(remote, stillPlaying.path("remote").asText());
            assertEquals("connected", stillPlaying.path("state").asText());
            JsonNode heard = listener.await("heard", Duration.ofSeconds(40));
            assertEquals(0, listener.waitFor(Duration.ofSeconds(10)), listener.lines().toString());
            long threadsAfter = WhipPeers.threads(jvm);
            WhipPeers.Memory memoryAfter = WhipPeers.memory(jvm);

            System.out.printf("hostile datagrams: %d from strangers in %d ms of gateway CPU (%.1f us each); 820 forged as the listener %s; "
                            + "%d half-open handshakes (+%d refused 503), a 2000-record flood on a validated address answered with %d bytes; "
                            + "attacks took %.1f s, meanwhile the listener decoded %d frames in %.1f s, %d gaps, remote loss %s; threads %d -> %d, JVM memory %d -> %d kB, "
                            + "RSS %d -> %d kB; counters %s%n",
                    strangerDatagrams, strangerCpu, strangerCpu * 1000.0 / strangerDatagrams, remote, halfOpen.size(), refused, floodReplies,
                    seconds, frames, listened, heard.path("gaps").asLong(), stillPlaying.path("remotePacketsLost").asText(), threads,
                    threadsAfter, memory.jvmKb(), memoryAfter.jvmKb(), memory.rssKb(), memoryAfter.rssKb(), delta(before, after).toString());

            String timeline = "phases " + phases + ", handler drops " + delta(before, after).get("gateway_handler_dropped_packets_total{handler=\"whep\"}")
                    + ", listener " + listener.lines();
            assertTrue(listened >= seconds - 2 && frames >= listened * 50 * 0.9, "the listener kept decoding 50 frames a second: "
                    + progressBefore + " -> " + progressAfter + "; " + timeline);
            assertTrue(heard.path("gaps").asLong() <= 3, "no loss burst: " + timeline);
            assertTrue(stillPlaying.path("remotePacketsLost").asLong() <= 5, "the listener's reports: " + stillPlaying + "; " + timeline);
            assertTrue(heard.path("tone").asDouble() > 1000 && heard.path("off").asDouble() < heard.path("tone").asDouble() / 30,
                    "aiortc decoded the tone: " + heard);

            assertTrue(grew(before, afterStrangers, "gateway_whep_transport_stun_rejected_total") >= 200, delta(before, afterStrangers).toString());
            assertTrue(grew(afterStrangers, afterForged, "gateway_whep_transport_srtp_rejected_total") >= 600, delta(afterStrangers, afterForged).toString());
            assertTrue(grew(afterStrangers, afterForged, "gateway_whep_transport_malformed_total") >= 100, delta(afterStrangers, afterForged).toString());
            assertTrue(grew(afterForged, after, "gateway_whep_transport_stun_rejected_total") >= halfOpen.size(), delta(afterForged, after).toString());
            assertTrue(grew(afterForged, after, "gateway_whep_transport_dtls_dropped_total") >= 300, delta(afterForged, after).toString());
            assertEquals(halfOpen.size(), grew(before, after, "gateway_whep_sessions_ended_total{cause=\"connect-timeout\"}"),
                    "every half-open session ended at the connect timeout: " + delta(before, after));
            assertEquals(0, after.get("gateway_whep_transport_internal_errors_total"), "no datagram made the transport fail");

            assertTrue(threadsAfter <= threads + 5, "threads " + threads + " -> " + threadsAfter);
            assertTrue(memoryAfter.jvmKb() - memory.jvmKb() < 16 * 1024, "JVM memory " + memory.jvmKb() + " -> " + memoryAfter.jvmKb() + " kB");
            String log = gw.console() + (Files.exists(home.resolve("logs/gateway.log")) ? Files.readString(home.resolve("logs/gateway.log")) : "");
            assertTrue(!log.contains("\tat ") && !log.contains("Exception"), "no stack trace in the log:\n" + log);
            source.ffmpeg().destroyForcibly();
        }
    }

    /** A WHEP session this test opened with a socket of its own that passed ICE and sent one ClientHello. */
    private record HalfOpen(DatagramChannel socket, String gatewayUfrag, String gatewayPwd) {}

    /**
     * Offers {@code n} sessions; each one answered gets a valid ICE check and a ClientHello from a socket of its own,
     * and must answer both (the gateway's first DTLS flight shows that its handshake started).
     *
     * @return how many offers were refused with 503
     */
    private static int halfOpen(GatewayProcess gw, String whep, RtcTransport offers, InetSocketAddress rtc, int n, List<HalfOpen> opened)
            throws Exception {
        int refused = 0;
        for (int i = 0; i < n; i++) {
            RtcPeer offerer = offers.newControllingPeer(new PeerListener() {});
            String offer = offerer.offer(LocalAudio.receive()).toString();
            offerer.close(); // its SDP is all this test needs; its own socket sends nothing
            String clientUfrag = match(SDP_UFRAG, offer);
            HttpResponse<String> answer = gw.send(HttpRequest.newBuilder(gw.uri(whep)).header("Content-Type", "application/sdp")
                    .header("Authorization", "Bearer " + WhepPlaybackTest.TOKEN).POST(HttpRequest.BodyPublishers.ofString(offer)).build());
            if (answer.statusCode() == 503) {
                refused++;
                continue;
            }
            assertEquals(201, answer.statusCode(), answer.body());
            HalfOpen h = new HalfOpen(udp(), match(SDP_UFRAG, answer.body()), match(SDP_PWD, answer.body()));
            opened.add(h);
            send(h.socket(), rtc, HostileDatagrams.bindingRequest(h.gatewayUfrag() + ":" + clientUfrag, h.gatewayPwd()));
            assertEquals(1, countStun(h.socket(), 0x0101, 1), "the ICE check succeeds");
            send(h.socket(), rtc, HostileDatagrams.clientHello());
            assertEquals(22, firstByte(h.socket()), "the gateway answers the ClientHello with its handshake flight");
        }
        return refused;
    }

    private static String match(Pattern p, String text) {
        Matcher m = p.matcher(text);
        if (!m.find()) throw new AssertionError(p + " not in\n" + text);
        return m.group(1);
    }

    private static DatagramChannel udp() throws IOException {
        DatagramChannel c = DatagramChannel.open();
        c.bind(new InetSocketAddress("127.0.0.1", 0));
        c.socket().setSoTimeout(2_000);
        return c;
    }

    private static void send(DatagramChannel c, InetSocketAddress to, byte[] datagram) throws IOException {
        c.send(ByteBuffer.wrap(datagram), to);
    }

    /** Counts STUN messages of a type among the next datagrams, until {@code expected} came or 2 s passed without one. */
    private static int countStun(DatagramChannel c, int type, int expected) throws IOException {
        byte[] buf = new byte[2048];
        int n = 0;
        var in = c.socket();
        while (n < expected) {
            java.net.DatagramPacket p = new java.net.DatagramPacket(buf, buf.length);
            try {
                in.receive(p);
            } catch (SocketTimeoutException quiet) {
                break;
            }
            if (HostileDatagrams.stunType(buf, p.getLength()) == type) n++;
        }
        return n;
    }

    private static int firstByte(DatagramChannel c) throws IOException {
        byte[] buf = new byte[2048];
        java.net.DatagramPacket p = new java.net.DatagramPacket(buf, buf.length);
        c.socket().receive(p);
        return buf[0] & 0xFF;
    }

    /** Reads what arrives until 1 s passes without a datagram; returns the bytes. */
    private static long drain(DatagramChannel c) throws IOException {
        byte[] buf = new byte[2048];
        c.socket().setSoTimeout(1_000);
        long bytes = 0;
        while (true) {
            java.net.DatagramPacket p = new java.net.DatagramPacket(buf, buf.length);
            try {
                c.socket().receive(p);
            } catch (SocketTimeoutException quiet) {
                return bytes;
            }
            bytes += p.getLength();
        }
    }

    /** Sends datagrams forged to come from {@code from}, with spoof_udp.py; returns how many it sent. */
    private static int spoof(Path script, String from, String to, List<byte[]> datagrams) throws Exception {
        Process p = new ProcessBuilder(WhipPeers.PYTHON.toString(), script.toString(), from, to).redirectErrorStream(true).start();
        StringBuilder hex = new StringBuilder();
        for (byte[] d : datagrams) hex.append(HexFormat.of().formatHex(d)).append('\n');
        p.getOutputStream().write(hex.toString().getBytes(StandardCharsets.US_ASCII));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) return -1;
        return WhipPeers.JSON.readTree(out).path("sent").asInt();
    }

    private static int udpPort(Path home) throws IOException {
        Matcher m = Pattern.compile("udpPort = (\\d+)").matcher(Files.readString(home.resolve("etc/gateway.webrtc.cfg")));
        assertTrue(m.find());
        return Integer.parseInt(m.group(1));
    }

    /** The gateway's CPU time (user + system) in ms. */
    private static long cpuMillis(ProcessHandle jvm) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + jvm.pid() + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10; // USER_HZ is 100
    }

    private static JsonNode progress(WhipPeers.Publisher listener) {
        JsonNode last = null;
        for (JsonNode l : listener.lines()) if (l.path("event").asText().equals("progress")) last = l;
        if (last == null) throw new AssertionError("no progress from the listener: " + listener.lines());
        return last;
    }

    private static JsonNode onlySession(GatewayProcess gw) throws Exception {
        JsonNode sessions = WhipPeers.JSON.readTree(gw.get("/whep", WhepPlaybackTest.AUTH).body());
        assertEquals(1, sessions.size(), sessions.toString());
        return sessions.get(0);
    }

    private static void awaitSessions(GatewayProcess gw, int count, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) { // polled: the sessions end on the gateway's timers
            JsonNode sessions = WhipPeers.JSON.readTree(gw.get("/whep", WhepPlaybackTest.AUTH).body());
            if (sessions.size() == count) return;
            if (System.nanoTime() > deadline) throw new AssertionError("sessions: " + sessions);
            Thread.sleep(100);
        }
    }

    static Map<String, Double> metrics(GatewayProcess gw) throws Exception {
        HttpResponse<String> r = gw.get("/metrics", WhepPlaybackTest.AUTH);
        assertEquals(200, r.statusCode(), r.body());
        Map<String, Double> m = new TreeMap<>();
        Matcher matcher = METRIC.matcher(r.body());
        while (matcher.find()) m.put(matcher.group(1) + (matcher.group(2) == null ? "" : matcher.group(2)), Double.parseDouble(matcher.group(3)));
        return m;
    }

    private static Map<String, Double> awaitMetric(GatewayProcess gw, String name, double atLeast) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) { // polled: the receive thread counts as it drains the socket
            Map<String, Double> m = metrics(gw);
            if (m.getOrDefault(name, 0.0) >= atLeast) return m;
            if (System.nanoTime() > deadline) throw new AssertionError(name + " below " + atLeast + ": " + m);
            Thread.sleep(50);
        }
    }

    private static long grew(Map<String, Double> from, Map<String, Double> to, String name) {
        return Math.round(to.getOrDefault(name, 0.0) - from.getOrDefault(name, 0.0));
    }

    private static Map<String, Long> delta(Map<String, Double> from, Map<String, Double> to) {
        Map<String, Long> d = new TreeMap<>();
        for (String k : to.keySet()) if (k.contains("transport") || k.contains("ended") || k.contains("handler")) d.put(k, grew(from, to, k));
        return d;
    }
}

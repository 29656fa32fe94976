package gateway.itest.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import gateway.lib.rtc.LocalAudio;
import gateway.lib.rtc.PeerListener;
import gateway.lib.rtc.RtcPeer;
import gateway.lib.rtc.RtcTransport;
import gateway.lib.rtc.RtcTransportOptions;
import gateway.lib.rtc.SessionDescription;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 1000 WHEP sessions started and ended on the real executable, four listeners at a time each playing one session
 * after the other (each connects — ICE, DTLS — and receives packets before its DELETE): the gateway's threads,
 * descriptors and memory do not grow.
 */
class WhepChurnTest {
    private static final int SESSIONS = 1000;
    private static final int WARM_UP = 48;
    /**
     * Listeners playing at once: a session spends most of its time waiting (for the next 20 ms packet, for the other
     * side's DTLS flight), so four at a time keep both cores busy instead of waiting one after the other.
     */
    private static final int AT_ONCE = 4;

    @TempDir
    Path tmp;

    @Test
    void aThousandSessionsInARowLeaveNothingBehind() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/ffmpeg")), "ffmpeg not installed");
        Path home = tmp.resolve("home");
        try (GatewayProcess gw = WhepPlaybackTest.gateway(home, "", "-XX:NativeMemoryTracking=summary");
             RtcTransport client = RtcTransport.open(RtcTransportOptions.of(new InetSocketAddress("127.0.0.1", 0)))) {
            WhepPlaybackTest.Contribution source = WhepPlaybackTest.contribute(gw, 600);
            URI endpoint = gw.uri("/whep/" + source.streamId());
            ProcessHandle jvm = WhipPeers.jvm(home);
            sessions(WARM_UP, gw, client, endpoint);
            awaitNoSessions(gw);
            long threads = WhipPeers.threads(jvm);
            long fds = WhipPeers.fds(jvm);
            WhipPeers.Memory memory = WhipPeers.memory(jvm);
            long t0 = System.nanoTime();
            sessions(SESSIONS, gw, client, endpoint);
            double seconds = (System.nanoTime() - t0) / 1e9;
            awaitNoSessions(gw);
            long threadsAfter = WhipPeers.threads(jvm);
            long fdsAfter = WhipPeers.fds(jvm);
            WhipPeers.Memory after = WhipPeers.memory(jvm);
            System.out.printf("%d WHEP sessions, %d at a time, in %.1f s (%.0f ms each: offer, ICE, DTLS, a packet, DELETE): threads %d -> %d, "
                            + "descriptors %d -> %d, JVM memory %d -> %d kB, RSS %d -> %d kB%n", SESSIONS, AT_ONCE, seconds, seconds * 1000 / SESSIONS,
                    threads, threadsAfter, fds, fdsAfter, memory.jvmKb(), after.jvmKb(), memory.rssKb(), after.rssKb());
            System.out.println(admission(gw));
            assertTrue(threadsAfter <= threads + 5, "threads " + threads + " -> " + threadsAfter);
            assertTrue(fdsAfter <= fds + 5, "descriptors " + fds + " -> " + fdsAfter);
            assertTrue(after.jvmKb() - memory.jvmKb() < 16 * 1024, "JVM memory " + memory.jvmKb() + " -> " + after.jvmKb() + " kB");
            assertEquals(0, client.peers().size());
            source.ffmpeg().destroyForcibly();
        }
    }

    /** {@code count} sessions, {@link #AT_ONCE} listeners each playing its share one session after the other. */
    private static void sessions(int count, GatewayProcess gw, RtcTransport client, URI endpoint) throws Exception {
        List<Future<?>> listeners = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int l = 0; l < AT_ONCE; l++) {
                listeners.add(pool.submit(() -> {
                    for (int i = 0; i < count / AT_ONCE; i++) session(gw, client, endpoint);
                    return null;
                }));
            }
            for (Future<?> f : listeners) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof Error err) throw err; // an assertion of a session
                    throw e;
                }
            }
        }
    }

    /** One listener: offer, 201, connected, one packet received, DELETE. */
    private static void session(GatewayProcess gw, RtcTransport client, URI endpoint) throws Exception {
        CountDownLatch audio = new CountDownLatch(1);
        RtcPeer peer = client.newControllingPeer(new PeerListener() {
            @Override
            public void onAudio(RtcPeer p, gateway.lib.rtc.RtpPacket packet) {
                audio.countDown();
            }
        });
        try {
            HttpResponse<String> answer = gw.send(HttpRequest.newBuilder(endpoint).header("Content-Type", "application/sdp")
                    .header("Authorization", "Bearer " + WhepPlaybackTest.TOKEN)
                    .POST(HttpRequest.BodyPublishers.ofString(peer.offer(LocalAudio.receive()).toString())).build());
            assertEquals(201, answer.statusCode(), answer.body());
            peer.accept(SessionDescription.parse(answer.body()));
            if (!audio.await(10, TimeUnit.SECONDS)) {
                String id = answer.headers().firstValue("Location").orElse("?").replaceAll(".*/", "");
                String atGateway = java.util.Arrays.stream(gw.get("/whep", WhepPlaybackTest.AUTH).body().split("\\},\\{"))
                        .filter(e -> e.contains(id)).findFirst().orElse("(no such session)");
                throw new AssertionError("no packet within 10 s; peer " + peer.state() + " " + peer.end() + ", ICE pair "
                        + peer.remoteAddress().map(Object::toString).orElse("none") + "; at the gateway: " + atGateway + "; " + admission(gw));
            }
            HttpResponse<String> deleted = gw.send(HttpRequest.newBuilder(endpoint.resolve(answer.headers().firstValue("Location").orElseThrow()))
                    .header("Authorization", "Bearer " + WhepPlaybackTest.TOKEN).DELETE().build());
            assertEquals(200, deleted.statusCode(), deleted.body());
        } finally {
            peer.close();
        }
    }

    /** What the admission control did so far (the WebRTC transport's handshake holds), from /metrics. */
    private static String admission(GatewayProcess gw) throws Exception {
        java.util.Map<String, Double> m = WebRtcHostileInputTest.metrics(gw);
        return "admission control: " + m.get("gateway_whep_transport_handshake_holds_total") + " holds, "
                + m.get("gateway_whep_transport_handshake_held_seconds_total") + " s held, "
                + m.get("gateway_whep_transport_handshake_hold_overrides_total") + " ended after 5 s; handshakes waiting "
                + m.get("gateway_whep_transport_handshakes_waiting") + ", forwarding behind " + m.get("gateway_whep_forwarding_behind");
    }

    private static void awaitNoSessions(GatewayProcess gw) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!gw.get("/whep", WhepPlaybackTest.AUTH).body().equals("[]")) { // polled: DELETE ends sessions at once
            if (System.nanoTime() > deadline) throw new AssertionError("sessions left: " + gw.get("/whep", WhepPlaybackTest.AUTH).body());
            Thread.sleep(20);
        }
    }
}

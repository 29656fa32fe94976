package gateway.itest.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gateway.itest.e2e.PrometheusParsers.Samples;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /metrics} of the real executable while ffmpeg streams over SRT, read by Prometheus-format parsers
 * nobody here wrote; the figures are compared with what the stream registry reports, and with what ffmpeg did
 * (a caller refused for its passphrase, a stream that flowed).
 */
class MetricsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** What Prometheus (2.42, Debian's) sends when it scrapes. */
    static final String PROMETHEUS_ACCEPT = "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,"
            + "text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

    @TempDir
    Path tmp;

    private static long packets(GatewayProcess gw, String id) throws Exception {
        return JSON.readTree(gw.get("/streams/" + id).body()).path("packets").asLong();
    }

    private static long bytes(GatewayProcess gw, String id) throws Exception {
        return JSON.readTree(gw.get("/streams/" + id).body()).path("bytes").asLong();
    }

    private static String scrape(GatewayProcess gw, String... headers) throws Exception {
        HttpResponse<String> r = gw.get("/metrics", headers);
        assertEquals(200, r.statusCode(), r.body());
        return r.body();
    }

    @Test
    void aLiveSrtStreamAsPrometheusParsersReadIt() throws Exception {
        SrtIngestTest.requireFfmpeg();
        PrometheusParsers.require();
        try (GatewayProcess gw = GatewayProcess.start(tmp.resolve("home"), "127.0.0.1")) {
            gw.await("/ping", r -> r.statusCode() == 204, Duration.ofSeconds(30));
            List<JsonNode> frames = gw.events(); // one /sse client
            HttpResponse<String> reserved = gw.send(HttpRequest.newBuilder(gw.uri("/reserve"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"event\": \"" + UUID.randomUUID() + "\", \"record\": true}")).build());
            assertEquals(201, reserved.statusCode(), reserved.body());
            String token = JSON.readTree(reserved.body()).path("credentials").path("token").asText();

            // A caller with a wrong passphrase is refused, and counted under that reason only.
            Process refused = new ProcessBuilder("ffmpeg", "-hide_banner", "-loglevel", "error", "-f", "lavfi",
                    "-i", "sine=frequency=440:duration=1", "-c", "libopus", "-f", "ogg",
                    "-passphrase", "0123456789abcdef0123456789abcdef", "srt://127.0.0.1:" + gw.port)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            assertTrue(refused.waitFor(20, TimeUnit.SECONDS), "ffmpeg gives up when refused");
            assertTrue(refused.exitValue() != 0, "refused");
            Samples beforeStream = PrometheusParsers.prometheus(scrape(gw));
            assertEquals(1, beforeStream.require("gateway_srt_callers_refused_total", "reason", "wrong_passphrase"));
            for (String other : List.of("missing_passphrase", "unknown_stream_id", "no_reservation", "reservation_lapsed", "listener_full")) {
                assertEquals(0, beforeStream.require("gateway_srt_callers_refused_total", "reason", other), other);
            }
            assertEquals(1, beforeStream.require("gateway_srt_reservations", "state", "waiting"));
            assertEquals(0, beforeStream.require("gateway_srt_reservations", "state", "live"));
            assertEquals(0, beforeStream.require("gateway_srt_connections_accepted_total"));
            assertEquals(0, beforeStream.require("gateway_srt_received_packets_total"));

            Process sender = new ProcessBuilder("ffmpeg", "-hide_banner", "-loglevel", "error", "-re", "-f", "lavfi",
                    "-i", "sine=frequency=440:duration=6", "-c", "libopus", "-page_duration", "20000",
                    "-f", "ogg", "-passphrase", token, "srt://127.0.0.1:" + gw.port)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            try {
                String id = JSON.readTree(gw.await("/streams", r -> r.body().contains("\"origin\":\"srt\""), Duration.ofSeconds(10))
                        .body()).get(0).path("id").asText();
                gw.await("/streams/" + id, r -> r.body().contains("\"recorder\"") && packetsOf(r) >= 100, Duration.ofSeconds(10));

                // While it flows: the scrape lies between two readings of the registry.
                long packetsBefore = packets(gw, id);
                long bytesBefore = bytes(gw, id);
                String text = scrape(gw);
                long packetsAfter = packets(gw, id);
                long bytesAfter = bytes(gw, id);
                PrometheusParsers.promtoolCheck(text);
                Samples live = PrometheusParsers.prometheus(text);
                double packets = live.require("gateway_stream_packets_total", "origin", "srt");
                assertTrue(packetsBefore <= packets && packets <= packetsAfter,
                        packetsBefore + " <= " + packets + " <= " + packetsAfter);
                double bytes = live.require("gateway_stream_bytes_total", "origin", "srt");
                assertTrue(bytesBefore <= bytes && bytes <= bytesAfter, bytesBefore + " <= " + bytes + " <= " + bytesAfter);
                assertEquals("counter", live.type("gateway_stream_packets").orElseThrow());
                assertEquals(1, live.require("gateway_streams", "origin", "srt", "state", "live"));
                assertEquals(0, live.require("gateway_streams", "origin", "srt", "state", "starting"));
                assertEquals("gauge", live.type("gateway_streams").orElseThrow());
                assertEquals(1, live.require("gateway_streams_opened_total", "origin", "srt"));
                assertEquals(1, live.require("gateway_handler_attachments", "handler", "recorder"));
                double delivered = live.require("gateway_handler_delivered_packets_total", "handler", "recorder");
                // a scrape reads its counters one after the other, not as one snapshot: a packet may arrive between
                // the stream's counter and the recorder's, so the bound is the registry's reading after the scrape
                assertTrue(delivered > 0 && delivered <= packetsAfter, "the recorder got " + delivered + " of " + packetsAfter);
                assertEquals(0, live.require("gateway_handler_dropped_packets_total", "handler", "recorder"));
                assertEquals(1, live.require("gateway_sse_clients"));
                assertEquals(1, live.require("gateway_plugin_state", "plugin", "gateway.srt", "state", "active"));
                assertEquals(0, live.require("gateway_plugin_state", "plugin", "gateway.srt", "state", "resolved"));
                assertEquals(1, live.require("gateway_plugin_healthy", "plugin", "gateway.recorder"));
                assertTrue(live.value("gateway_info").isPresent(), "gateway_info");
                assertTrue(live.require("jvm_memory_used_bytes", "area", "heap") > 1_000_000);
                assertTrue(live.require("jvm_threads_current") > 10);
                assertTrue(live.require("process_cpu_seconds_total") > 0);
                assertTrue(live.require("jvm_classes_currently_loaded") > 1000);

                // The SRT plugin's view of the same stream: one caller connected; what its connection received is
                // the stream's Opus packets in Ogg pages (headers and page overhead on top, retransmissions if any).
                assertEquals(1, live.require("gateway_srt_connections"));
                assertEquals(1, live.require("gateway_srt_connections_accepted_total"));
                assertEquals(1, live.require("gateway_srt_reservations", "state", "live"));
                assertEquals(0, live.require("gateway_srt_reservations", "state", "waiting"));
                assertInLine(live, bytesBefore, bytesAfter);
                double rtt = live.require("gateway_srt_rtt_max_seconds");
                assertTrue(rtt > 0 && rtt < 1, "round trip on loopback: " + rtt);
                assertEquals("counter", live.type("gateway_srt_received_bytes").orElseThrow());
                // each message's audio reached the registry, timed from its due time: at least the 100 packets seen
                double timed = live.require("gateway_srt_delivery_delay_seconds_count");
                assertTrue(timed >= 100 && timed <= live.require("gateway_srt_received_packets_total"), "messages timed: " + timed);
                assertEquals(timed, live.require("gateway_srt_delivery_delay_seconds_bucket", "le", "+Inf"));
                assertEquals("histogram", live.type("gateway_srt_delivery_delay_seconds").orElseThrow());
                // the listener's part of it, counted for the same messages (one may be counted in one histogram and
                // not yet in the other when the scrape reads them): released no later than published
                double released = live.require("gateway_srt_release_delay_seconds_count");
                assertTrue(released >= timed - 1 && released <= live.require("gateway_srt_received_packets_total"),
                        "messages released " + released + ", published " + timed);
                assertEquals("histogram", live.type("gateway_srt_release_delay_seconds").orElseThrow());
                for (String le : List.of("0.005", "0.02", "0.1")) {
                    assertTrue(live.require("gateway_srt_release_delay_seconds_bucket", "le", le)
                            >= live.require("gateway_srt_delivery_delay_seconds_bucket", "le", le) - 1, "within " + le + " s");
                }
                assertEquals(1, live.require("gateway_srt_callers_refused_total", "reason", "wrong_passphrase"));
                // the recorder writes the stream: in progress, bytes on their way to the file
                assertEquals(1, live.require("gateway_recorder_recordings", "mode", "auto"));
                assertEquals(0, live.require("gateway_recorder_recordings", "mode", "request"));
                assertTrue(live.require("gateway_recorder_written_packets_total") > 0);

                // Prometheus asks for OpenMetrics: it gets it, and the OpenMetrics parser agrees on the figures.
                HttpResponse<String> om = gw.get("/metrics", "Accept", PROMETHEUS_ACCEPT);
                assertTrue(om.headers().firstValue("Content-Type").orElse("").startsWith("application/openmetrics-text"),
                        om.headers().toString());
                Samples openMetrics = PrometheusParsers.openMetrics(om.body());
                assertTrue(openMetrics.require("gateway_stream_packets_total", "origin", "srt") >= packets);
                assertEquals(1, openMetrics.require("gateway_streams", "origin", "srt", "state", "live"));

                assertTrue(sender.waitFor(30, TimeUnit.SECONDS), "ffmpeg finished");
                JsonNode ended = JSON.readTree(gw.await("/streams/" + id, r -> r.body().contains("\"ended\""), Duration.ofSeconds(10)).body());

                // Ended: the counters hold exactly what the stream carried, and the stream is no longer live.
                Samples after = PrometheusParsers.prometheus(scrape(gw));
                assertEquals(ended.path("packets").asLong(), (long) after.require("gateway_stream_packets_total", "origin", "srt"));
                assertEquals(ended.path("bytes").asLong(), (long) after.require("gateway_stream_bytes_total", "origin", "srt"));
                assertTrue(ended.path("packets").asLong() >= 295, "6 s of 20 ms packets: " + ended.path("packets"));
                assertEquals(0, after.require("gateway_streams", "origin", "srt", "state", "live"));
                assertEquals(1, after.require("gateway_streams_ended_total", "origin", "srt", "state", "ended"));
                assertEquals(0, after.require("gateway_streams_ended_total", "origin", "srt", "state", "failed"));
                assertEquals(0, after.require("gateway_handler_attachments", "handler", "recorder"));
                assertTrue(after.require("gateway_handler_delivered_packets_total", "handler", "recorder") >= delivered,
                        "a counter never goes down");
                assertTrue(frames.stream().anyMatch(f -> f.path("type").asText().equals("stream-ended")));

                // The connection has closed: its final counters stay in the totals, in line with the ended stream.
                Samples closed = PrometheusParsers.prometheus(gw.await("/metrics",
                        r -> PrometheusParsers.prometheus(r.body()).require("gateway_srt_connections") == 0, Duration.ofSeconds(10)).body());
                assertInLine(closed, ended.path("bytes").asLong(), ended.path("bytes").asLong());
                assertTrue(closed.require("gateway_srt_received_bytes_total") >= live.require("gateway_srt_received_bytes_total"));
                assertEquals(0, closed.require("gateway_srt_rtt_max_seconds"), "no connection open");
                assertEquals(0, closed.require("gateway_srt_reservations", "state", "live"));
                // the recording finished with the stream: every packet the recorder was given is in its file
                Samples recorded = PrometheusParsers.prometheus(gw.await("/metrics",
                        r -> PrometheusParsers.prometheus(r.body()).require("gateway_recorder_recordings_finished_total", "state", "complete") == 1,
                        Duration.ofSeconds(10)).body());
                JsonNode recording = JSON.readTree(gw.get("/recordings").body()).path("recordings").get(0);
                assertEquals(0, recorded.require("gateway_recorder_recordings", "mode", "auto"));
                assertEquals(recording.path("packets").asLong(), (long) recorded.require("gateway_recorder_written_packets_total"));
                assertEquals(recording.path("size").asLong(), (long) recorded.require("gateway_recorder_written_bytes_total"));
                assertEquals(recording.path("size").asLong(), (long) recorded.require("gateway_recorder_stored_bytes"));
                assertEquals((long) recorded.require("gateway_handler_delivered_packets_total", "handler", "recorder"),
                        recording.path("packets").asLong(), "what the core handed the recorder is what it wrote");
                assertEquals(0, recorded.require("gateway_recorder_write_failures_total", "kind", "storage_full"));
            } finally {
                sender.destroy();
            }
        }
    }

    /**
     * The SRT connection carried the stream in Ogg pages: at least its Opus bytes, plus a 28-byte page header per
     * 20 ms page, the Opus headers and what waits for its delivery time (on loopback retransmissions are rare).
     *
     * @param s         a scrape
     * @param atLeast   the stream's bytes read before the scrape
     * @param atMost    the stream's bytes read after it
     */
    private static void assertInLine(Samples s, long atLeast, long atMost) {
        double srtBytes = s.require("gateway_srt_received_bytes_total");
        double srtPackets = s.require("gateway_srt_received_packets_total");
        System.out.printf("SRT received %.0f bytes in %.0f packets for %d..%d bytes of Opus%n", srtBytes, srtPackets, atLeast, atMost);
        assertTrue(srtBytes >= atLeast && srtBytes <= atMost * 1.5 + 8192,
                "SRT received " + srtBytes + " bytes for a stream of " + atLeast + ".." + atMost);
        assertTrue(srtPackets > 0 && srtPackets * 1316 >= srtBytes, "SRT packets (of at most 1316 bytes): " + srtPackets);
        assertTrue(s.require("gateway_srt_lost_packets_total") <= srtPackets);
        assertTrue(s.require("gateway_srt_retransmitted_packets_total") <= srtPackets);
        assertTrue(s.value("gateway_srt_dropped_packets_total").isPresent());
        assertTrue(s.value("gateway_srt_key_refreshes_total").isPresent());
        assertTrue(s.value("gateway_srt_malformed_datagrams_total").isPresent());
    }

    private static long packetsOf(HttpResponse<String> r) {
        try {
            return JSON.readTree(r.body()).path("packets").asLong();
        } catch (java.io.IOException e) {
            return -1;
        }
    }

    @Test
    void beyondLoopbackMetricsNeedTheManagementToken() throws Exception {
        PrometheusParsers.require();
        Path home = tmp.resolve("home");
        try (GatewayProcess gw = GatewayProcess.start(home, "0.0.0.0")) {
            gw.await("/ping", r -> r.statusCode() == 204, Duration.ofSeconds(30));
            HttpResponse<String> refused = gw.get("/metrics");
            assertEquals(401, refused.statusCode());
            assertEquals("application/problem+json", refused.headers().firstValue("Content-Type").orElse(""));
            assertTrue(refused.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
            assertEquals(401, gw.get("/metrics", "Authorization", "Bearer wrong").statusCode());
            assertEquals(401, gw.get("/plugins", "Authorization", "Bearer also-wrong").statusCode());

            String token = Files.readString(home.resolve("data/management.token")).trim();
            HttpResponse<String> ok = gw.get("/metrics", "Authorization", "Bearer " + token);
            assertEquals(200, ok.statusCode());
            assertTrue(ok.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"), ok.headers().toString());
            PrometheusParsers.promtoolCheck(ok.body());
            Samples s = PrometheusParsers.prometheus(ok.body());
            assertEquals(1, s.require("gateway_plugin_state", "plugin", "gateway.core", "state", "active"));
            // the refused requests above, each under its reason
            assertEquals(1, s.require("gateway_management_refusals_total", "reason", "missing_token"));
            assertEquals(2, s.require("gateway_management_refusals_total", "reason", "wrong_token"));
            assertEquals(0, s.require("gateway_management_refusals_total", "reason", "not_bearer"));
            assertEquals(401, gw.get("/metrics", "Authorization", "Basic " + java.util.Base64.getEncoder()
                    .encodeToString(("admin:" + token).getBytes(java.nio.charset.StandardCharsets.UTF_8))).statusCode());
            Samples after = PrometheusParsers.prometheus(gw.get("/metrics", "Authorization", "Bearer " + token).body());
            assertEquals(1, after.require("gateway_management_refusals_total", "reason", "not_bearer"));
            assertEquals(2, after.require("gateway_management_refusals_total", "reason", "wrong_token"));
        }
    }
}

package gateway.itest.e2e;

import static gateway.itest.e2e.WhipPeers.JSON;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.onvoid.webrtc.CreateSessionDescriptionObserver;
import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.PeerConnectionObserver;
import dev.onvoid.webrtc.RTCConfiguration;
import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCOfferOptions;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCPeerConnectionState;
import dev.onvoid.webrtc.RTCRtpSender;
import dev.onvoid.webrtc.RTCRtpTransceiver;
import dev.onvoid.webrtc.RTCRtpTransceiverDirection;
import dev.onvoid.webrtc.RTCRtpTransceiverInit;
import dev.onvoid.webrtc.RTCSdpType;
import dev.onvoid.webrtc.RTCSessionDescription;
import dev.onvoid.webrtc.SetSessionDescriptionObserver;
import dev.onvoid.webrtc.media.MediaStreamTrack;
import dev.onvoid.webrtc.media.audio.AudioDeviceModule;
import dev.onvoid.webrtc.media.audio.AudioLayer;
import dev.onvoid.webrtc.media.audio.AudioTrack;
import dev.onvoid.webrtc.media.audio.AudioTrackSink;
import dev.onvoid.webrtc.media.audio.CustomAudioSource;
import dev.onvoid.webrtc.media.audio.HeadlessAudioDeviceModule;
import gateway.lib.webrtc.PeerConnections;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * webrtc-java (libwebrtc, Google's WebRTC as Chromium ships it, through JNI) as an independent client of the real
 * executable: it plays a live stream through WHEP and its audio sink receives the decoded tone; it publishes a
 * generated tone to {@code /rtc/whip} and the recorder records it.
 */
class WebRtcJavaClientTest {
    private static final int SOURCE_HZ = 440;
    private static final int PUBLISHED_HZ = 660;

    @TempDir
    Path tmp;

    private HeadlessAudioDeviceModule audio;
    private PeerConnectionFactory factory;

    @BeforeEach
    void webrtc() {
        // playout must run on the audio module: it pulls the decoded audio that feeds the remote tracks' sinks
        audio = new HeadlessAudioDeviceModule();
        factory = new PeerConnectionFactory(audio);
        audio.initPlayout();
        audio.startPlayout();
    }

    @AfterEach
    void dispose() {
        audio.stopPlayout();
        audio.dispose();
        factory.dispose();
    }

    @Test
    void libwebrtcPlaysALiveStreamThroughWhepAndHearsTheTone() throws Exception {
        try (GatewayProcess gw = WhepPlaybackTest.gateway(tmp.resolve("home"), "")) {
            WhepPlaybackTest.Contribution source = WhepPlaybackTest.contribute(gw, 30);
            Pcm heard = new Pcm(48_000 * 3);
            CompletableFuture<RTCPeerConnectionState> connected = new CompletableFuture<>();
            RTCPeerConnection pc = factory.createPeerConnection(new RTCConfiguration(), new PeerConnectionObserver() {
                @Override
                public void onIceCandidate(RTCIceCandidate candidate) {
                    // the gateway is ICE-lite: it learns this side's address from its checks
                }

                @Override
                public void onConnectionChange(RTCPeerConnectionState state) {
                    if (state == RTCPeerConnectionState.CONNECTED || state == RTCPeerConnectionState.FAILED) connected.complete(state);
                }

                @Override
                public void onTrack(RTCRtpTransceiver transceiver) {
                    MediaStreamTrack track = transceiver.getReceiver().getTrack();
                    if (track instanceof AudioTrack a) heard.attach(a);
                }
            });
            CustomAudioSource silent = new CustomAudioSource();
            AudioTrack placeholder = factory.createAudioTrack("placeholder", silent);
            RTCRtpTransceiverInit receiveOnly = new RTCRtpTransceiverInit();
            receiveOnly.direction = RTCRtpTransceiverDirection.RECV_ONLY;
            RTCRtpTransceiver transceiver = pc.addTransceiver(placeholder, receiveOnly);
            try {
                long t0 = System.nanoTime();
                HttpResponse<String> answer = offer(gw, pc, gw.uri("/whep/" + source.streamId()));
                assertEquals(201, answer.statusCode(), answer.body());
                double answeredMs = (System.nanoTime() - t0) / 1e6;
                assertEquals(RTCPeerConnectionState.CONNECTED, connected.get(15, TimeUnit.SECONDS), "libwebrtc connected (ICE, DTLS)");
                double connectedMs = (System.nanoTime() - t0) / 1e6;
                assertTrue(heard.full.await(20, TimeUnit.SECONDS), "3 s of audio reached the sink: " + heard.filled + " samples");
                double tone = heard.level(SOURCE_HZ);
                double off = heard.level(SOURCE_HZ * 1.5);
                System.out.printf("webrtc-java via WHEP: offer -> 201 in %.0f ms, connected after %.0f ms; sink got %d Hz %d ch; "
                                + "%d Hz level %.0f, %.0f Hz level %.1f%n", answeredMs, connectedMs, heard.rate, heard.channels, SOURCE_HZ,
                        tone, SOURCE_HZ * 1.5, off);
                assertTrue(tone > 1000 && off < tone / 30, "libwebrtc decoded ffmpeg's tone: " + tone + " vs " + off);

                HttpResponse<String> deleted = gw.send(HttpRequest.newBuilder(gw.uri(answer.headers().firstValue("Location").orElseThrow()))
                        .header("Authorization", "Bearer " + WhepPlaybackTest.TOKEN).DELETE().build());
                assertEquals(200, deleted.statusCode(), deleted.body());
            } finally {
                // libwebrtc's order: the sink leaves the remote track, the placeholder its sender, the connection closes and
                // is freed (webrtc-java 0.14's close() alone keeps it, see gateway.lib.webrtc), then the track and source go;
                // otherwise disposing the track fails and disposing the factory aborts the JVM
                heard.detach();
                pc.removeTrack(transceiver.getSender());
                PeerConnections.close(pc);
                placeholder.dispose();
                silent.dispose();
                source.ffmpeg().destroyForcibly();
            }
        }
    }

    @Test
    void libwebrtcPublishesAToneThatTheRecorderRecords() throws Exception {
        Path home = tmp.resolve("home");
        Files.createDirectories(home.resolve("etc"));
        Files.writeString(home.resolve("etc/gateway.recorder.cfg"), "record = (origin=webrtc)\n");
        // webrtc-java 0.14 feeds the audio module's capture (the headless module's is silence) into every sender of its
        // factory, and pushed audio on another thread races with it (WebRTC aborts the process on that race): the
        // publisher's factory has the dummy audio layer, whose capture never starts, so the pushed tone is all it sends
        AudioDeviceModule silentDevices = new AudioDeviceModule(AudioLayer.kDummyAudio);
        PeerConnectionFactory factory = new PeerConnectionFactory(silentDevices);
        try (GatewayProcess gw = WhepPlaybackTest.gateway(home, "")) {
            List<JsonNode> frames = gw.events();
            CompletableFuture<RTCPeerConnectionState> connected = new CompletableFuture<>();
            RTCPeerConnection pc = factory.createPeerConnection(new RTCConfiguration(), new PeerConnectionObserver() {
                @Override
                public void onIceCandidate(RTCIceCandidate candidate) {
                    // the gateway is ICE-lite
                }

                @Override
                public void onConnectionChange(RTCPeerConnectionState state) {
                    if (state == RTCPeerConnectionState.CONNECTED || state == RTCPeerConnectionState.FAILED) connected.complete(state);
                }
            });
            CustomAudioSource microphone = new CustomAudioSource();
            AudioTrack track = factory.createAudioTrack("tone", microphone);
            ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
            RTCRtpSender sender = pc.addTrack(track, List.of("webrtc-java"));
            try {
                HttpResponse<String> answer = offer(gw, pc, gw.uri("/rtc/whip?name=webrtc-java"));
                assertEquals(201, answer.statusCode(), answer.body());
                String location = answer.headers().firstValue("Location").orElseThrow();
                String stream = location.substring(location.lastIndexOf('/') + 1);
                assertEquals(RTCPeerConnectionState.CONNECTED, connected.get(15, TimeUnit.SECONDS), "libwebrtc connected (ICE, DTLS)");
                long[] frame = {0};
                clock.scheduleAtFixedRate(() -> microphone.pushAudio(tone(frame[0]++), 16, 48_000, 1, 480), 0, 10, TimeUnit.MILLISECONDS);
                GatewayProcess.awaitEvent(frames, f -> f.path("type").asText().equals("rtc-publish-connected")
                        && f.path("data").path("stream").asText().equals(stream), "rtc-publish-connected", Duration.ofSeconds(10));
                // 4 s of the tone: waited for on the gateway's own count of the publisher's packets
                awaitPackets(gw, stream, 200);
                HttpResponse<String> deleted = gw.send(HttpRequest.newBuilder(gw.uri(location))
                        .header("Authorization", "Bearer " + WhepPlaybackTest.TOKEN).DELETE().build());
                assertEquals(200, deleted.statusCode(), deleted.body());
                JsonNode ended = GatewayProcess.awaitEvent(frames, f -> f.path("type").asText().equals("rtc-publish-ended")
                        && f.path("data").path("stream").asText().equals(stream), "rtc-publish-ended", Duration.ofSeconds(10));
                assertEquals("deleted", ended.path("data").path("cause").asText(), ended.toString());

                Path file = recording(gw, stream);
                short[] pcm = WhipPeers.decode(file);
                double seconds = pcm.length / 48_000.0;
                double level = WhipPeers.level(pcm, pcm.length / 4, pcm.length / 2, PUBLISHED_HZ);
                double off = WhipPeers.level(pcm, pcm.length / 4, pcm.length / 2, PUBLISHED_HZ * 1.5);
                System.out.printf("webrtc-java -> /rtc/whip -> recorder: %d packets, %.2f s recorded; %d Hz level %.0f, %.0f Hz level %.1f%n",
                        ended.path("data").path("packets").asLong(), seconds, PUBLISHED_HZ, level, PUBLISHED_HZ * 1.5, off);
                assertTrue(seconds > 3, "the tone was recorded: " + seconds + " s");
                assertTrue(level > 1000 && off < level / 30, "libwebrtc's Opus of the tone is in the recording: " + level + " vs " + off);
            } finally {
                clock.shutdownNow();
                clock.awaitTermination(1, TimeUnit.SECONDS);
                pc.removeTrack(sender);
                PeerConnections.close(pc);
                track.dispose();
                microphone.dispose();
            }
        } finally {
            silentDevices.dispose();
            factory.dispose();
        }
    }

    /** Creates and applies the offer, POSTs it, applies the answer. */
    private static HttpResponse<String> offer(GatewayProcess gw, RTCPeerConnection pc, URI endpoint) throws Exception {
        CompletableFuture<RTCSessionDescription> created = new CompletableFuture<>();
        pc.createOffer(new RTCOfferOptions(), new CreateSessionDescriptionObserver() {
            @Override
            public void onSuccess(RTCSessionDescription d) {
                created.complete(d);
            }

            @Override
            public void onFailure(String error) {
                created.completeExceptionally(new AssertionError("createOffer: " + error));
            }
        });
        RTCSessionDescription offer = created.get(10, TimeUnit.SECONDS);
        apply(observer -> pc.setLocalDescription(offer, observer));
        HttpResponse<String> answer = gw.send(HttpRequest.newBuilder(endpoint).header("Content-Type", "application/sdp")
                .header("Authorization", "Bearer " + WhepPlaybackTest.TOKEN).POST(HttpRequest.BodyPublishers.ofString(offer.sdp)).build());
        if (answer.statusCode() == 201) apply(observer -> pc.setRemoteDescription(new RTCSessionDescription(RTCSdpType.ANSWER, answer.body()), observer));
        return answer;
    }

    private interface Description {
        void set(SetSessionDescriptionObserver observer);
    }

    private static void apply(Description d) throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        d.set(new SetSessionDescriptionObserver() {
            @Override
            public void onSuccess() {
                done.complete(null);
            }

            @Override
            public void onFailure(String error) {
                done.completeExceptionally(new AssertionError("libwebrtc refused the description: " + error));
            }
        });
        done.get(10, TimeUnit.SECONDS);
    }

    /** 10 ms of a 660 Hz tone at 48 kHz, mono, 16-bit little-endian; frame {@code n} continues frame n - 1. */
    private static byte[] tone(long n) {
        byte[] b = new byte[480 * 2];
        for (int i = 0; i < 480; i++) {
            long t = n * 480 + i;
            short s = (short) Math.round(8000 * Math.sin(2 * Math.PI * PUBLISHED_HZ * t / 48_000.0));
            b[2 * i] = (byte) s;
            b[2 * i + 1] = (byte) (s >> 8);
        }
        return b;
    }

    private static void awaitPackets(GatewayProcess gw, String stream, long packets) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        JsonNode s = null;
        while (System.nanoTime() < deadline) { // polled: the stream's packet count grows 50 a second
            s = JSON.readTree(gw.get("/streams/" + stream, WhepPlaybackTest.AUTH).body());
            if (s.path("packets").asLong() >= packets) return;
            Thread.sleep(100);
        }
        throw new AssertionError("fewer than " + packets + " packets: " + s);
    }

    private Path recording(GatewayProcess gw, String stream) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) { // polled: the index is written as the recording closes
            for (JsonNode r : JSON.readTree(gw.get("/recordings?stream=" + stream, WhepPlaybackTest.AUTH).body()).path("recordings")) {
                if (r.path("state").asText().equals("recording")) continue;
                Path file = tmp.resolve("recording.ogg");
                HttpResponse<Path> got = java.net.http.HttpClient.newHttpClient().send(HttpRequest.newBuilder(gw.uri("/recordings/"
                        + r.path("id").asText() + "/audio")).header("Authorization", "Bearer " + WhepPlaybackTest.TOKEN).build(),
                        HttpResponse.BodyHandlers.ofFile(file));
                assertEquals(200, got.statusCode());
                return file;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no finished recording of stream " + stream);
    }

    /** The sink: the first channel of what libwebrtc decoded, until the buffer is full (after a second of warm-up). */
    private static final class Pcm implements AudioTrackSink {
        final short[] samples;
        final CountDownLatch full = new CountDownLatch(1);
        volatile int filled;
        volatile int rate;
        volatile int channels;
        private int skipped;
        private volatile AudioTrack track;

        void attach(AudioTrack t) {
            track = t;
            t.addSink(this);
        }

        void detach() {
            AudioTrack t = track;
            if (t != null) t.removeSink(this);
        }

        Pcm(int length) {
            samples = new short[length];
        }

        @Override
        public void onData(byte[] data, int bitsPerSample, int sampleRate, int channelCount, int frames) {
            rate = sampleRate;
            channels = channelCount;
            if (bitsPerSample != 16 || sampleRate != 48_000) return;
            if (skipped < 100) { // the first second: the jitter buffer settling, the tone's start
                skipped++;
                return;
            }
            int n = filled;
            for (int i = 0; i < frames && n < samples.length; i++, n++) {
                int at = i * channelCount * 2;
                samples[n] = (short) ((data[at] & 0xFF) | data[at + 1] << 8);
            }
            filled = n;
            if (n == samples.length) full.countDown();
        }

        double level(double hz) {
            short[] x = samples;
            return WhipPeers.level(x, 0, x.length, hz);
        }
    }
}

package gateway.lib.webrtc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.PeerConnectionObserver;
import dev.onvoid.webrtc.RTCConfiguration;
import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCSdpType;
import dev.onvoid.webrtc.RTCSessionDescription;
import dev.onvoid.webrtc.RTCSignalingState;
import dev.onvoid.webrtc.SetSessionDescriptionObserver;
import dev.onvoid.webrtc.media.audio.HeadlessAudioDeviceModule;
import gateway.lib.webrtc.internal.NativeReferences;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link PeerConnections} against the embedded webrtc-java and its native library. */
class PeerConnectionsTest {

    /** The webrtc-java releases whose {@code RTCPeerConnection.close()} keeps the native peer connection. */
    private static final Set<String> LEAKING_RELEASES = Set.of("0.14.0", "0.15.0");

    private static final String OFFER = String.join("\r\n",
            "v=0", "o=- 4611731400430051336 2 IN IP4 127.0.0.1", "s=-", "t=0 0", "a=group:BUNDLE 0",
            "a=msid-semantic: WMS s", "m=audio 9 UDP/TLS/RTP/SAVPF 111", "c=IN IP4 0.0.0.0",
            "a=rtcp:9 IN IP4 0.0.0.0", "a=ice-ufrag:Qm9v", "a=ice-pwd:c2VjcmV0LXBhc3N3b3JkLWZvci1pY2U",
            "a=fingerprint:sha-256 " + "AB:".repeat(31) + "AB", "a=setup:actpass", "a=mid:0", "a=sendonly",
            "a=msid:s t", "a=rtcp-mux", "a=rtpmap:111 opus/48000/2", "a=fmtp:111 minptime=10;useinbandfec=1", "");

    private static HeadlessAudioDeviceModule audio;
    private static PeerConnectionFactory factory;

    @BeforeAll
    static void startWebRtc() {
        audio = new HeadlessAudioDeviceModule();
        factory = new PeerConnectionFactory(audio);
    }

    @AfterAll
    static void stopWebRtc() {
        factory.dispose();
        audio.dispose();
    }

    @Test
    void theEmbeddedReleaseIsOneWhoseCloseLeaks() {
        // A release that frees the peer connection in close() itself would be freed twice by PeerConnections.close.
        String version = System.getProperty("webrtc.version");
        assertTrue(LEAKING_RELEASES.contains(version), "webrtc-java " + version + " is embedded: if its "
                + "RTCPeerConnection.close() releases the native peer connection (devopvoid/webrtc-java#283), "
                + "PeerConnections.close must stop releasing it; otherwise add the release to LEAKING_RELEASES");
    }

    @Test
    void closeDestroysTheNativePeerConnection() throws Exception {
        // Java 22+ has the foreign function API; on Java 21 it is a preview, which may be refused.
        boolean releasing = PeerConnections.releasing();
        assertTrue(releasing || Runtime.version().feature() < 22, PeerConnections.unavailableReason());
        // As a WHIP endpoint uses it: a remote audio offer applied (transceiver, receiver, remote track).
        RTCPeerConnection pc = factory.createPeerConnection(new RTCConfiguration(), new Quiet());
        CompletableFuture<Void> applied = new CompletableFuture<>();
        pc.setRemoteDescription(new RTCSessionDescription(RTCSdpType.OFFER, OFFER), new SetSessionDescriptionObserver() {
            @Override
            public void onSuccess() {
                applied.complete(null);
            }

            @Override
            public void onFailure(String error) {
                applied.completeExceptionally(new IllegalStateException(error));
            }
        });
        applied.get(10, TimeUnit.SECONDS);
        assertEquals(1, pc.getTransceivers().length);
        assertTrue(NativeReferences.handle(pc) != 0);

        assertEquals(releasing, PeerConnections.close(pc), "the last reference was released");
        assertEquals(0, NativeReferences.handle(pc));
        assertEquals(RTCSignalingState.CLOSED, pc.getSignalingState());
        assertFalse(PeerConnections.close(pc), "a closed connection has nothing left to release");
    }

    @Test
    void manyConnectionsComeAndGo() {
        for (int i = 0; i < 200; i++) {
            RTCPeerConnection pc = factory.createPeerConnection(new RTCConfiguration(), new Quiet());
            assertEquals(PeerConnections.releasing(), PeerConnections.close(pc), "connection " + i);
        }
    }

    @Test
    void otherObjectsHaveNoHandleHere() {
        assertEquals(0, NativeReferences.handle("not a webrtc object"));
        assertFalse(NativeReferences.release(0));
        assertFalse(NativeReferences.release(3));
    }

    private static final class Quiet implements PeerConnectionObserver {
        @Override
        public void onIceCandidate(RTCIceCandidate candidate) {
        }
    }

}

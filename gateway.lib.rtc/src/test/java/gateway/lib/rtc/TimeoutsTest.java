package gateway.lib.rtc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A peer that never connects, and one that vanishes, each end on their own with the cause named. */
class TimeoutsTest {
    @TempDir
    Path tmp;

    @Test
    void rfc7675sThirtySecondsAreTheDefault() {
        assertEquals(Duration.ofSeconds(30), RtcTransportOptions.of(new InetSocketAddress(0)).consentTimeout());
    }

    @Test
    void aPeerNobodyConnectsToEndsAtTheConnectTimeout() throws Exception {
        RtcTransportOptions options = RtcTransportOptions.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(30));
        try (RtcTransport server = RtcTransport.open(options); RtcTransport client = LoopbackTest.transport(SrtpProfile.values())) {
            RtcPeer silent = client.newControllingPeer(new LoopbackTest.Events());
            SessionDescription offer = silent.offer(LocalAudio.receive());
            silent.close(); // its answer is never applied: no check will come
            LoopbackTest.Events events = new LoopbackTest.Events();
            RtcPeer peer = server.newPeer(events);
            peer.answer(offer, LocalAudio.send());
            long start = System.nanoTime();
            assertTrue(events.closed.await(5, TimeUnit.SECONDS));
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(PeerEnd.CONNECT_TIMEOUT, events.end);
            assertTrue(events.detail.contains("no ICE connectivity check succeeded within 1 s"), events.detail);
            assertTrue(millis >= 900 && millis < 2500, "ended after " + millis + " ms");
            assertEquals(0, server.peers().size());
        }
    }

    @Test
    void aVanishedPeerIsNoticedWhenItsConsentExpires() throws Exception {
        AiortcInteropTest.requireAiortc();
        RtcTransportOptions options = RtcTransportOptions.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .withTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(7)); // aiortc renews consent every 4-6 s
        try (RtcTransport server = RtcTransport.open(options);
             AiortcInteropTest.Aiortc peer = AiortcInteropTest.Aiortc.start(tmp, "receive", "--seconds", "60")) {
            LoopbackTest.Events events = new LoopbackTest.Events();
            RtcPeer speaker = server.newPeer(events);
            peer.answer(speaker.answer(SessionDescription.parse(peer.offer()), LocalAudio.send()).toString());
            events.awaitConnected();
            // connected for longer than the consent timeout: aiortc's consent requests keep the peer alive
            assertTrue(!events.closed.await(9, TimeUnit.SECONDS), "ended while aiortc was there: " + events.detail);
            assertEquals(PeerState.CONNECTED, speaker.state());
            peer.kill(); // no close_notify, no more STUN: gone
            long killed = System.nanoTime();
            assertTrue(events.closed.await(10, TimeUnit.SECONDS), "the peer ended");
            long millis = (System.nanoTime() - killed) / 1_000_000;
            assertEquals(PeerEnd.CONSENT_EXPIRED, events.end, events.detail);
            // the last consent request came up to 6 s before the kill, so between 1 and 7 s of consent remain
            assertTrue(millis <= 7_500, "noticed " + millis + " ms after the kill (consent timeout 7 s)");
            System.out.println("vanished peer noticed " + millis + " ms after it was killed: " + events.detail);
        }
    }
}

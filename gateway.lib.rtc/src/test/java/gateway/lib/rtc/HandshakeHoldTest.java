package gateway.lib.rtc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Admission control on two real transports: while the server's owner says its forwarding is behind, a client's DTLS
 * handshake does not complete (and the wait does not end it with a connect timeout); once forwarding caught up it
 * completes, and the server's figures show the hold.
 */
class HandshakeHoldTest {

    @Test
    void aJoiningPeerConnectsOnlyOnceForwardingHasCaughtUp() throws Exception {
        // a connect timeout of 2 s (ICE and the ClientHello must come within it on a busy machine), which the held wait
        // must not count against; the wait (2.5 s) and that stay within the longest hold (5 s)
        try (RtcTransport server = RtcTransport.open(RtcTransportOptions.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(30)));
             RtcTransport client = LoopbackTest.transport(SrtpProfile.values())) {
            AtomicBoolean behind = new AtomicBoolean(true);
            LoopbackTest.Events serverEvents = new LoopbackTest.Events();
            LoopbackTest.Events clientEvents = new LoopbackTest.Events();
            RtcPeer listener = client.newControllingPeer(clientEvents);
            SessionDescription offer = listener.offer(LocalAudio.receive());
            RtcPeer speaker = server.newPeer(serverEvents);
            SessionDescription answer = speaker.answer(SessionDescription.parse(offer.toString()), LocalAudio.send());
            server.holdHandshakesWhile(behind::get); // from now on: ICE starts with the client's accept
            listener.accept(SessionDescription.parse(answer.toString()));
            // the ClientHello arrives and waits: held, not computed, not timed out
            LoopbackTest.await(() -> server.handshakeStats().waiting() == 1, "the server's handshake waits");
            assertTrue(server.handshakeStats().holding());
            assertFalse(serverEvents.connected.await(2500, TimeUnit.MILLISECONDS), "no handshake computes while forwarding is behind");
            assertEquals(PeerState.CONNECTING, speaker.state(), "the held wait is not counted against the connect timeout");
            behind.set(false);
            serverEvents.awaitConnected();
            clientEvents.awaitConnected();
            HandshakeStats h = server.handshakeStats();
            assertFalse(h.holding());
            assertEquals(0, h.waiting());
            assertEquals(1, h.holds());
            assertTrue(h.heldNanos() >= TimeUnit.MILLISECONDS.toNanos(2500), "held for the 2.5 s waited at least: " + h.heldNanos());
            assertEquals(0, h.overrides());
        }
    }
}

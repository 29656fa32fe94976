package gateway.lib.rtc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.RepeatedTest;

/**
 * The packets a server sends the moment its DTLS handshake completes reach a client of this library: the client (the
 * DTLS client) finishes its handshake only when it has read the server's last flight, so those first packets can
 * arrive before it has its keys; they are kept until it has them, not refused.
 */
class FirstPacketsTest {

    @RepeatedTest(5)
    void packetsSentAtTheServersConnectArriveAtTheClient() throws Exception {
        try (RtcTransport server = LoopbackTest.transport(SrtpProfile.values()); RtcTransport client = LoopbackTest.transport(SrtpProfile.values())) {
            AtomicReference<RtcPeer> speaker = new AtomicReference<>();
            LoopbackTest.Events serverEvents = new LoopbackTest.Events() {
                @Override
                public void onConnected(RtcPeer peer) {
                    // at once, on the server's DTLS thread: what a forwarding server does with a listener that just connected
                    AudioSender s = speaker.get().audioSender().orElseThrow();
                    for (int i = 0; i < 5; i++) s.send(i, 20_000L * i, ByteBuffer.wrap(new byte[] {(byte) i, 1, 2, 3}));
                    super.onConnected(peer);
                }
            };
            LoopbackTest.Events clientEvents = new LoopbackTest.Events();
            RtcPeer listener = client.newControllingPeer(clientEvents);
            SessionDescription offer = listener.offer(LocalAudio.receive());
            RtcPeer peer = server.newPeer(serverEvents);
            speaker.set(peer);
            listener.accept(peer.answer(offer, LocalAudio.send()));
            serverEvents.awaitConnected();
            clientEvents.awaitConnected();
            LoopbackTest.await(() -> clientEvents.payloads.size() == 5, "the 5 first packets arrive (" + clientEvents.payloads.size()
                    + " did; the client refused " + client.stats().srtpRejected() + ")");
            assertEquals(0, client.stats().srtpRejected());
            for (int i = 0; i < 5; i++) assertEquals(i, clientEvents.payloads.get(i)[0], "in order");
        }
    }
}

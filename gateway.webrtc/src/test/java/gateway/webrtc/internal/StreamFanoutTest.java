package gateway.webrtc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.api.stream.MediaPacket;
import gateway.lib.rtc.LocalAudio;
import gateway.lib.rtc.PeerListener;
import gateway.lib.rtc.RtcPeer;
import gateway.lib.rtc.RtcTransport;
import gateway.lib.rtc.RtcTransportOptions;
import gateway.lib.rtc.RtpPacket;
import gateway.lib.rtc.SessionDescription;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A stream with more listeners than {@link StreamFanout#SPLIT_AT}: its packets are sent half by the stream's thread,
 * half by the {@link SendingHelper}, and every listener — a controlling peer of gateway.lib.rtc on its own transport,
 * over real ICE, DTLS and SRTP on loopback — must get every packet of the stream once, in order, with its own
 * gap-free RTP sequence numbers.
 */
class StreamFanoutTest {
    private static final int LISTENERS = StreamFanout.SPLIT_AT + 16;
    private static final int PACKETS = 100;

    /** A listener's side: the payload numbers and RTP sequence numbers it received, on the client's receive thread. */
    static final class Listener implements PeerListener {
        final CountDownLatch connected = new CountDownLatch(1);
        final CountDownLatch all = new CountDownLatch(PACKETS);
        final List<Integer> payloads = new ArrayList<>();
        final List<Integer> sequences = new ArrayList<>();

        @Override
        public void onConnected(RtcPeer peer) {
            connected.countDown();
        }

        @Override
        public void onAudio(RtcPeer peer, RtpPacket packet) {
            synchronized (this) {
                payloads.add(packet.payload().getInt(packet.payload().position()));
                sequences.add(packet.sequence());
            }
            all.countDown();
        }
    }

    @Test
    void everyListenerOfASplitStreamGetsEveryPacketInOrder() throws Exception {
        InetSocketAddress loopback = new InetSocketAddress("127.0.0.1", 0);
        WhepSession.Host host = new WhepSession.Host() {
            @Override
            public void connected(WhepSession session) {
            }

            @Override
            public void ended(WhepSession session, EndCause cause, String reason) {
            }
        };
        try (RtcTransport server = RtcTransport.open(RtcTransportOptions.of(loopback));
             RtcTransport client = RtcTransport.open(RtcTransportOptions.of(loopback));
             SendingHelper helper = new SendingHelper()) {
            StreamFanout fanout = new StreamFanout("stream", f -> { }, helper, new ForwardingLag().stream(50));
            List<Listener> listeners = new ArrayList<>();
            for (int i = 0; i < LISTENERS; i++) {
                Listener listener = new Listener();
                RtcPeer remote = client.newControllingPeer(listener);
                SessionDescription offer = remote.offer(LocalAudio.receive());
                WhepSession session = new WhepSession("session-" + i, "stream", null, host);
                RtcPeer peer = server.newPeer(session);
                SessionDescription answer = peer.answer(offer, LocalAudio.send());
                session.peer(peer);
                remote.accept(answer);
                fanout.add(session);
                session.fanout(fanout);
                listeners.add(listener);
            }
            for (Listener l : listeners) assertTrue(l.connected.await(20, TimeUnit.SECONDS), "every listener connects");
            assertEquals(LISTENERS, fanout.size());

            // the stream's thread, at 4x real time: 100 packets of 20 ms in half a second
            Thread stream = Thread.ofVirtual().start(() -> {
                for (int i = 0; i < PACKETS; i++) {
                    ByteBuffer payload = ByteBuffer.allocate(40);
                    payload.putInt(0, i);
                    fanout.onPacket(new MediaPacket(i, i * 20_000L, 20_000, payload));
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            stream.join();
            for (int i = 0; i < LISTENERS; i++) {
                Listener l = listeners.get(i);
                assertTrue(l.all.await(10, TimeUnit.SECONDS), "listener " + i + " got " + (PACKETS - l.all.getCount()) + " of " + PACKETS);
                synchronized (l) {
                    for (int k = 0; k < PACKETS; k++) {
                        assertEquals(k, l.payloads.get(k), "listener " + i + ": packet " + k);
                        assertEquals((l.sequences.get(0) + k) & 0xFFFF, l.sequences.get(k), "listener " + i + ": sequence " + k);
                    }
                    assertEquals(PACKETS, l.payloads.size(), "listener " + i + ": nothing twice");
                }
            }
            assertEquals(PACKETS, helper.halvesSent(), "the helper sent one half of every packet");
        }
    }
}

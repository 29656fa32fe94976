package gateway.lib.rtc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Two transports of this library on loopback: an ICE-lite server and a controlling client, either side offering. */
class LoopbackTest {

    static RtcTransport transport(SrtpProfile... profiles) throws Exception {
        return RtcTransport.open(RtcTransportOptions.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .withSrtpProfiles(List.of(profiles)));
    }

    /** Collects a peer's events. */
    static class Events implements PeerListener {
        final CountDownLatch connected = new CountDownLatch(1);
        final CountDownLatch closed = new CountDownLatch(1);
        final List<byte[]> payloads = new CopyOnWriteArrayList<>();
        final List<long[]> headers = new CopyOnWriteArrayList<>();
        volatile PeerEnd end;
        volatile String detail;

        @Override
        public void onConnected(RtcPeer peer) {
            connected.countDown();
        }

        @Override
        public void onAudio(RtcPeer peer, RtpPacket packet) {
            ByteBuffer p = packet.payload();
            byte[] b = new byte[p.remaining()];
            p.get(b);
            payloads.add(b);
            headers.add(new long[] {packet.sequence(), packet.timestamp(), packet.ssrc(), packet.marker() ? 1 : 0});
        }

        @Override
        public void onClosed(RtcPeer peer, PeerEnd end, String detail) {
            this.end = end;
            this.detail = detail;
            closed.countDown();
        }

        void awaitConnected() throws InterruptedException {
            assertTrue(connected.await(10, TimeUnit.SECONDS), "connected; ended " + end + ": " + detail);
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void aClientOffersToReceiveAndTheServerSendsOpusPacketsUnchanged(SrtpProfile profile) throws Exception {
        try (RtcTransport server = transport(SrtpProfile.values()); RtcTransport client = transport(profile)) {
            Events serverEvents = new Events();
            Events clientEvents = new Events();
            RtcPeer listener = client.newControllingPeer(clientEvents);
            SessionDescription offer = listener.offer(LocalAudio.receive());
            assertTrue(offer.attribute("ice-lite").isEmpty(), "a controlling peer is not ICE-lite");
            RtcPeer speaker = server.newPeer(serverEvents);
            SessionDescription answer = speaker.answer(SessionDescription.parse(offer.toString()), LocalAudio.send());
            assertTrue(answer.attribute("ice-lite").isPresent());
            listener.accept(SessionDescription.parse(answer.toString()));
            serverEvents.awaitConnected();
            clientEvents.awaitConnected();
            assertEquals(profile, speaker.srtpProfile().orElseThrow());
            assertEquals(profile, listener.srtpProfile().orElseThrow());

            AudioSender sender = speaker.audioSender().orElseThrow();
            for (int i = 0; i < 50; i++) {
                byte[] opus = new byte[20 + i];
                for (int j = 0; j < opus.length; j++) opus[j] = (byte) (i * 7 + j);
                assertTrue(sender.send(1000 + i, 20_000L * i, ByteBuffer.wrap(opus)));
            }
            await(() -> clientEvents.payloads.size() == 50, "50 packets arrive");
            for (int i = 0; i < 50; i++) {
                byte[] expected = new byte[20 + i];
                for (int j = 0; j < expected.length; j++) expected[j] = (byte) (i * 7 + j);
                assertArrayEquals(expected, clientEvents.payloads.get(i));
                long[] h = clientEvents.headers.get(i);
                long[] first = clientEvents.headers.get(0);
                assertEquals((first[0] + i) & 0xFFFF, h[0], "consecutive sequence numbers");
                assertEquals((first[1] + 960L * i) & 0xFFFFFFFFL, h[1], "timestamps 20 ms apart");
                assertEquals(sender.ssrc(), (int) h[2]);
                assertEquals(i == 0 ? 1 : 0, h[3], "the marker bit on the first packet only");
            }
            assertEquals(50, sender.packetsSent());

            // the server's sender reports reach the client, the client's receiver reports the server (loss 0)
            await(() -> speaker.stats().remotePacketsLost() == 0 && speaker.stats().roundTripMillis() >= 0, "a receiver report with a round trip");

            listener.close();
            assertTrue(serverEvents.closed.await(5, TimeUnit.SECONDS), "close_notify ends the server's peer");
            assertEquals(PeerEnd.REMOTE_CLOSED, serverEvents.end);
            assertTrue(serverEvents.detail.contains("close_notify"), "a close, not a failure: " + serverEvents.detail);
            assertEquals(PeerEnd.CLOSED, clientEvents.end);
            assertEquals(0, server.peers().size());
            assertEquals(0, client.peers().size());
            assertEquals(0, server.stats().internalErrors());
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void theServerOffersToSendAndAControllingClientAnswers(SrtpProfile profile) throws Exception {
        try (RtcTransport server = transport(profile); RtcTransport client = transport(SrtpProfile.values())) {
            Events serverEvents = new Events();
            Events clientEvents = new Events();
            RtcPeer speaker = server.newPeer(serverEvents);
            SessionDescription offer = speaker.offer(LocalAudio.send());
            assertTrue(offer.attribute("ice-lite").isPresent());
            RtcPeer listener = client.newControllingPeer(clientEvents);
            SessionDescription answer = listener.answer(SessionDescription.parse(offer.toString()), LocalAudio.receive());
            speaker.accept(SessionDescription.parse(answer.toString()));
            serverEvents.awaitConnected();
            clientEvents.awaitConnected();
            AudioSender sender = speaker.audioSender().orElseThrow();
            for (int i = 0; i < 10; i++) sender.send(i, 20_000L * i, ByteBuffer.wrap(new byte[] {(byte) i, 1, 2, 3}));
            await(() -> clientEvents.payloads.size() == 10, "10 packets arrive");
            speaker.close();
            assertTrue(clientEvents.closed.await(5, TimeUnit.SECONDS));
            assertEquals(PeerEnd.REMOTE_CLOSED, clientEvents.end);
            assertTrue(clientEvents.detail.contains("close_notify"), "a close, not a failure: " + clientEvents.detail);
        }
    }

    static void await(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out: " + what);
            Thread.sleep(10);
        }
    }
}

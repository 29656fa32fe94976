package gateway.lib.srt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.lib.srt.internal.Handshake;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A caller repeats its conclusion when the listener's answer is slow to arrive. A refused caller must get the
 * same rejection each time and be decided (and counted by the access control) once, as an accepted caller
 * gets its kept conclusion response.
 */
class RepeatedConclusionTest {

    private static byte[] conclusion(int cookie, String streamId) {
        Handshake h = new Handshake();
        h.version = 5;
        h.extensionField = Handshake.EXT_HSREQ | Handshake.EXT_CONFIG;
        h.type = Handshake.CONCLUSION;
        h.socketId = 4321;
        h.initialSeq = 1000;
        h.mtu = 1500;
        h.flowWindow = 8192;
        h.cookie = cookie;
        h.extensions.add(new Handshake.Extension(Handshake.CMD_HSREQ, Handshake.words(0x010501, 0x3F, (120 << 16) | 120)));
        h.extensions.add(new Handshake.Extension(Handshake.CMD_SID, Handshake.encodeStreamId(streamId)));
        ByteBuffer b = h.write(ByteBuffer.allocate(1500), 0, 0);
        return Arrays.copyOf(b.array(), b.remaining());
    }

    private static byte[] exchange(DatagramSocket socket, byte[] packet, InetSocketAddress to) throws Exception {
        socket.send(new DatagramPacket(packet, packet.length, to));
        byte[] answer = new byte[1500];
        DatagramPacket reply = new DatagramPacket(answer, answer.length);
        socket.receive(reply);
        return Arrays.copyOf(answer, reply.getLength());
    }

    @Test
    void aRefusedCallerRepeatingItsConclusionGetsTheSameRejectionAndIsDecidedOnce() throws Exception {
        AtomicInteger decisions = new AtomicInteger();
        try (SrtListener listener = SrtListener.open(SrtListenerOptions.defaults(0), request -> {
            decisions.incrementAndGet();
            return AccessDecision.reject(RejectReason.PEER);
        })) {
            InetSocketAddress to = new InetSocketAddress("127.0.0.1", listener.localAddress().getPort());
            try (DatagramSocket socket = new DatagramSocket()) {
                socket.setSoTimeout(3000);
                byte[] induction = conclusion(0, "refused-stream");
                ByteBuffer.wrap(induction).putInt(16 + 20, Handshake.INDUCTION);
                int cookie = ByteBuffer.wrap(exchange(socket, induction, to)).getInt(16 + 28);

                byte[] first = exchange(socket, conclusion(cookie, "refused-stream"), to);
                Handshake rejection = Handshake.parse(ByteBuffer.wrap(first));
                assertTrue(rejection != null && rejection.type == Handshake.REJECT_BASE + RejectReason.PEER.code(),
                        "a rejection naming the reason: " + (rejection == null ? "unparsable" : rejection.type));
                for (int i = 0; i < 3; i++) {
                    assertArrayEquals(first, exchange(socket, conclusion(cookie, "refused-stream"), to), "the repeated conclusion gets the same rejection");
                }
                assertEquals(1, decisions.get(), "the access control decided the caller once");
                // another conclusion from the same socket is not a repeat: it is decided afresh
                exchange(socket, conclusion(cookie, "another-stream"), to);
                assertEquals(2, decisions.get(), "a different conclusion is decided");
            }
        }
    }
}

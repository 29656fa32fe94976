package gateway.lib.srt.internal;

import gateway.lib.srt.SrtCallerOptions;
import gateway.lib.srt.SrtConnection;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A caller-mode live receiver: the caller's handshake, then the listener's messages through the same receive
 * connection a listener uses for its callers (ordering, TSBPD, ACK/NAK, decryption with the stream key the caller
 * announced), on a socket of its own.
 */
public final class CallerReceiver {
    private CallerReceiver() {
    }

    /**
     * @param o target, stream id, passphrase, latency, timeouts
     * @return the connection, receiving
     * @throws IOException as {@link CallerHandshake#run} throws it
     */
    public static SrtConnection connect(SrtCallerOptions o) throws IOException {
        DatagramChannel ch = DatagramChannel.open();
        try {
            ch.connect(o.target());
            ch.configureBlocking(false); // polled during the handshake
            int localId = 1 + new SecureRandom().nextInt(0x3FFFFFFE);
            long start = System.nanoTime();
            CallerHandshake h = CallerHandshake.run(ch, o, localId, () -> (int) ((System.nanoTime() - start) / 1000));
            int latencyMs = Math.max((int) o.latency().toMillis(), h.listener() == null ? 0 : h.listener().senderDelayMillis());
            AtomicReference<ScheduledFuture<?>> tick = new AtomicReference<>();
            ReceiveConnection conn = new ReceiveConnection((packet, to) -> {
                try {
                    ch.write(packet);
                } catch (IOException e) {
                    // a lost control packet: the peer asks again, or the idle timeout ends the connection
                }
            }, o.target(), localId, h.peerId(), h.initialSeq(), o.streamId(), o.passphrase() == null ? -1 : 0, o.passphrase(),
                    h.sek() == null ? null : new byte[][] {h.sek(), null}, h.salt(), Duration.ofMillis(latencyMs), o.peerIdleTimeout(), 1024, () -> {
                        ScheduledFuture<?> t = tick.getAndSet(null);
                        if (t != null) SharedTimer.cancel(t);
                        try {
                            ch.close();
                        } catch (IOException ignored) {
                            // closing
                        }
                    });
            Thread.ofVirtual().name("srt-receiver-" + localId).start(() -> receiveLoop(ch, conn));
            tick.set(SharedTimer.schedule(() -> conn.tick(System.nanoTime()), 10));
            if (!conn.isOpen()) {
                ScheduledFuture<?> t = tick.getAndSet(null);
                if (t != null) SharedTimer.cancel(t);
            }
            return conn;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    private static void receiveLoop(DatagramChannel ch, ReceiveConnection conn) {
        ByteBuffer in = ByteBuffer.allocate(2048);
        while (conn.isOpen()) {
            in.clear();
            try {
                if (ch.read(in) <= 0) continue;
            } catch (ClosedChannelException closed) {
                return;
            } catch (IOException e) {
                conn.closeBy("socket error: " + e.getMessage(), false);
                return;
            }
            in.flip();
            if (in.limit() < Packets.HEADER) continue;
            conn.onPacket(in, System.nanoTime());
        }
    }
}

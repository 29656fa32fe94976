package gateway.lib.srt;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A UDP relay between an SRT caller and a listener that drops a share of the datagrams in both
 * directions and swaps some neighbours (reordering), as a bad network would.
 */
final class LossyRelay implements AutoCloseable {
    private final DatagramChannel front;
    private final DatagramChannel back;
    private final double loss;
    private final double reorder;
    private final Random random;
    private volatile SocketAddress client;
    private volatile boolean open = true;
    final AtomicLong dropped = new AtomicLong();
    final AtomicLong reordered = new AtomicLong();
    final AtomicLong forwarded = new AtomicLong();

    LossyRelay(int listenerPort, double loss, double reorder, long seed) throws IOException {
        this.loss = loss;
        this.reorder = reorder;
        this.random = new Random(seed);
        front = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        back = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        back.connect(new InetSocketAddress("127.0.0.1", listenerPort));
        Thread.ofPlatform().daemon().name("relay-up").start(this::upstream);
        Thread.ofPlatform().daemon().name("relay-down").start(this::downstream);
    }

    int port() throws IOException {
        return ((InetSocketAddress) front.getLocalAddress()).getPort();
    }

    private synchronized boolean drop() {
        return random.nextDouble() < loss;
    }

    private synchronized boolean hold() {
        return random.nextDouble() < reorder;
    }

    private void upstream() {
        ByteBuffer buf = ByteBuffer.allocate(2048);
        ByteBuffer held = null;
        while (open) {
            try {
                buf.clear();
                client = front.receive(buf);
                buf.flip();
                if (drop()) { dropped.incrementAndGet(); continue; }
                ByteBuffer copy = ByteBuffer.allocate(buf.remaining()).put(buf).flip();
                if (held == null && hold()) { held = copy; reordered.incrementAndGet(); continue; }
                back.write(copy);
                forwarded.incrementAndGet();
                if (held != null) { back.write(held); held = null; } // sent after its successor
            } catch (IOException e) {
                if (!open) return;
            }
        }
    }

    private void downstream() {
        ByteBuffer buf = ByteBuffer.allocate(2048);
        while (open) {
            try {
                buf.clear();
                back.receive(buf);
                buf.flip();
                if (drop()) { dropped.incrementAndGet(); continue; }
                if (client != null) front.send(buf, client);
            } catch (IOException e) {
                if (!open) return;
            }
        }
    }

    @Override
    public void close() throws IOException {
        open = false;
        front.close();
        back.close();
    }
}

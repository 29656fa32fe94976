package gateway.callstream.internal.websocket;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * Writes to a non-blocking socket without ever waiting: what the socket does not take at once is kept, in order,
 * and goes first on the next write or {@link #drain}. Not thread-safe: its user serialises the calls.
 */
final class ChannelOutput extends OutputStream {
    private final SocketChannel channel;
    /** Bytes not yet taken by the socket, in [0, position). */
    private ByteBuffer pending;

    ChannelOutput(SocketChannel channel, int capacity) {
        this.channel = channel;
        this.pending = ByteBuffer.allocateDirect(capacity);
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (pending.remaining() < len) {
            ByteBuffer bigger = ByteBuffer.allocateDirect(Math.max(pending.capacity() * 2, pending.position() + len));
            pending.flip();
            bigger.put(pending);
            pending = bigger;
        }
        pending.put(b, off, len);
        drain();
    }

    /**
     * Writes what is kept, as far as the socket takes it.
     *
     * @return whether nothing is kept any more
     */
    boolean drain() throws IOException {
        if (pending.position() == 0) return true;
        pending.flip();
        try {
            channel.write(pending);
        } finally {
            pending.compact();
        }
        return pending.position() == 0;
    }

    /** @return whether bytes wait for room in the socket's send buffer */
    boolean backlogged() {
        return pending.position() > 0;
    }
}

package gateway.callstream.internal.websocket;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The bytes of a non-blocking socket as a blocking stream for the connection's reader thread: the poller reads
 * them in when the socket is readable ({@link #fill}), the reader waits for them. When the buffer is full the
 * poller stops reading that socket until the reader has taken some (the server is held back by TCP, not by an
 * unbounded buffer here).
 */
final class SelectedInput extends InputStream {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    private final byte[] buffer;
    private final ByteBuffer window;
    private int start;
    private int end;
    private boolean eof;
    private boolean closed;
    private IOException error;
    private boolean paused;
    private SocketPoller.Registration registration;

    /** @param first bytes already read past the opening handshake */
    SelectedInput(int capacity, byte[] first) {
        buffer = new byte[Math.max(capacity, first.length)];
        window = ByteBuffer.wrap(buffer);
        System.arraycopy(first, 0, buffer, 0, first.length);
        end = first.length;
    }

    void registered(SocketPoller.Registration r) {
        lock.lock();
        try {
            registration = r;
        } finally {
            lock.unlock();
        }
    }

    /** Reads what the socket holds (on the poller's thread). */
    void fill(SocketChannel channel) {
        lock.lock();
        try {
            if (eof || closed || error != null) return;
            if (start > 0) {
                System.arraycopy(buffer, start, buffer, 0, end - start);
                end -= start;
                start = 0;
            }
            if (end < buffer.length) {
                window.limit(buffer.length).position(end);
                int n = channel.read(window);
                if (n < 0) eof = true;
                else end += n;
            }
            if (eof && registration != null) registration.wantRead(false); // an ended socket stays readable
            if (end == buffer.length && !paused && registration != null) {
                paused = true;
                registration.wantRead(false);
            }
            arrived.signalAll();
        } catch (IOException e) {
            error = e;
            if (registration != null) registration.wantRead(false);
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) return 0;
        lock.lock();
        try {
            while (start == end && !eof && !closed && error == null) arrived.awaitUninterruptibly();
            if (closed) throw new IOException("the connection is closed");
            if (start < end) {
                int n = Math.min(len, end - start);
                System.arraycopy(buffer, start, b, off, n);
                start += n;
                if (paused) {
                    paused = false;
                    registration.wantRead(true);
                }
                return n;
            }
            if (error != null) throw error;
            return -1;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
    }
}

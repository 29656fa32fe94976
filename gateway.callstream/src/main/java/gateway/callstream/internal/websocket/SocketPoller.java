package gateway.callstream.internal.websocket;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread that watches the plain connections' non-blocking sockets: it reads what arrives (handing it to the
 * connection's reader) and finishes the writes that did not fit into a socket's send buffer. Connections write
 * directly while their socket takes the bytes, so this thread works only for the few that are behind, and for
 * the service's rare messages. It starts with the first connection and ends two seconds after the last one.
 */
final class SocketPoller {
    private static final Logger LOG = LoggerFactory.getLogger(SocketPoller.class);
    private static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(2);

    /** What a watched socket is ready for; called on the poller's thread, so quick and never blocking. */
    interface Handler {
        void readable();

        void writable();
    }

    /** A socket's place in the poller: what it waits for. */
    static final class Registration {
        private final SocketPoller poller;
        private final SelectionKey key;

        private Registration(SocketPoller poller, SelectionKey key) {
            this.poller = poller;
            this.key = key;
        }

        /** Asks to be told when the socket takes bytes again, or no longer. */
        void wantWrite(boolean on) {
            interest(SelectionKey.OP_WRITE, on);
        }

        /** Asks to be told when bytes arrive, or no longer (the reader's buffer is full). */
        void wantRead(boolean on) {
            interest(SelectionKey.OP_READ, on);
        }

        private void interest(int op, boolean on) {
            if (!key.isValid()) return;
            try {
                if (on) key.interestOpsOr(op);
                else key.interestOpsAnd(~op);
            } catch (java.nio.channels.CancelledKeyException closed) {
                return;
            }
            if (on && Thread.currentThread() != poller.thread) poller.selector.wakeup();
        }

        /** Leaves the poller (the socket is closed by its owner). */
        void cancel() {
            key.cancel();
            poller.left();
        }
    }

    private static SocketPoller current; // guarded by SocketPoller.class

    private final Selector selector;
    private final Thread thread;
    private int registered; // guarded by SocketPoller.class
    private long emptySince = System.nanoTime(); // guarded by SocketPoller.class
    private boolean stopped; // guarded by SocketPoller.class

    private SocketPoller() throws IOException {
        selector = Selector.open();
        thread = Thread.ofPlatform().daemon().name("callstream-socket-poller").unstarted(this::run);
    }

    /**
     * Watches a non-blocking socket for reading (and for writing when asked).
     *
     * @throws IOException the channel is closed, or no selector can be opened
     */
    static Registration register(SocketChannel channel, Handler handler) throws IOException {
        synchronized (SocketPoller.class) {
            if (current == null) {
                current = new SocketPoller();
                current.thread.start();
            }
            SocketPoller p = current;
            SelectionKey key;
            try {
                key = channel.register(p.selector, SelectionKey.OP_READ, handler);
            } catch (ClosedChannelException e) {
                throw e;
            }
            p.registered++;
            p.selector.wakeup();
            return new Registration(p, key);
        }
    }

    private void left() {
        synchronized (SocketPoller.class) {
            if (--registered == 0) emptySince = System.nanoTime();
        }
    }

    private void run() {
        Consumer<SelectionKey> ready = SocketPoller::ready;
        try {
            while (true) {
                selector.select(ready, 1000);
                synchronized (SocketPoller.class) {
                    if (registered == 0 && System.nanoTime() - emptySince > IDLE_NANOS) {
                        stopped = true;
                        if (current == this) current = null;
                        break;
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("The call streams' socket poller failed: {}", e.toString());
            synchronized (SocketPoller.class) {
                stopped = true;
                if (current == this) current = null;
            }
        } finally {
            try {
                selector.close();
            } catch (IOException ignored) {
                // ending anyway
            }
        }
    }

    private static void ready(SelectionKey key) {
        Handler h = (Handler) key.attachment();
        try {
            if (!key.isValid()) return;
            int ops = key.readyOps();
            if ((ops & SelectionKey.OP_READ) != 0) h.readable();
            if ((ops & SelectionKey.OP_WRITE) != 0 && key.isValid()) h.writable();
        } catch (java.nio.channels.CancelledKeyException closed) {
            // the connection closed meanwhile
        } catch (RuntimeException e) {
            LOG.warn("A call stream's socket handler failed: {}", e.toString());
        }
    }

    @Override
    public String toString() {
        synchronized (SocketPoller.class) {
            return "socket poller (" + registered + " sockets" + (stopped ? ", stopped" : "") + ")";
        }
    }
}

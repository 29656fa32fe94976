package gateway.callstream.internal.websocket;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The sending side of a plain connection on a non-blocking socket. A frame is written by the thread that sends
 * it, straight to the socket, while the socket takes it and nothing waits before it: a media chunk leaves on the
 * thread that produced it, with no hand-over to another thread. What the socket does not take, and whatever is
 * sent after it, waits here in order and is written by the {@link SocketPoller} when the socket has room again;
 * so sending never blocks, and a server that reads slowly makes the queue (which its user bounds) grow.
 */
final class DirectSender {
    /** What the connection hears; told outside the sender's lock, on the sending or the poller's thread. */
    interface Events {
        /** The close frame has been handed to the socket. */
        void closeWritten();

        void failed(IOException error);
    }

    /** Frames gathered into one socket write by the poller when it catches up. */
    private static final int MAX_BATCH = 64;

    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<Object> queue = new ArrayDeque<>(16);
    private final ChannelOutput out;
    private final FrameWriter writer;
    private final Events events;
    private final List<WebSocketConnection.Outgoing> batch = new ArrayList<>(MAX_BATCH);
    private SocketPoller.Registration registration;
    private boolean writeWanted;
    private boolean closeFramed;
    private boolean closeReported;
    private boolean stopped;

    private final Step sendNow = this::sendNow;
    private final Step drainNow = this::drainNow;

    DirectSender(ChannelOutput out, FrameWriter writer, Events events) {
        this.out = out;
        this.writer = writer;
        this.events = events;
    }

    void registered(SocketPoller.Registration r) {
        lock.lock();
        try {
            registration = r;
            if (writeWanted) r.wantWrite(true);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Sends an {@link WebSocketConnection.Outgoing} text message or a {@link WebSocketConnection.Control} frame:
     * written now if the socket takes it and nothing waits, else queued. Nothing is sent after a close frame.
     */
    void send(Object item) {
        underLock(sendNow, item);
    }

    /** @return false when the item was not written (stopped, after a close frame, or queued behind others) */
    private boolean sendNow(Object item) throws IOException {
        if (stopped || closeFramed) return false;
        if (!queue.isEmpty() || out.backlogged()) {
            queue.addLast(item);
            return false;
        }
        frame(item);
        writer.flush();
        written();
        return true;
    }

    /** Drops what waits (not a frame partly written: the socket gets it whole). */
    void clear() {
        lock.lock();
        try {
            queue.clear();
        } finally {
            lock.unlock();
        }
    }

    /** Sends nothing more. */
    void stop() {
        lock.lock();
        try {
            stopped = true;
            queue.clear();
            batch.clear();
        } finally {
            lock.unlock();
        }
    }

    /** The socket has room again (on the poller's thread): writes what waits, as far as it goes. */
    void writable() {
        underLock(drainNow, null);
    }

    /** @return false when stopped */
    private boolean drainNow(Object ignored) throws IOException {
        if (stopped) return false;
        if (out.drain() && !closeFramed) {
            Object next;
            while ((next = queue.pollFirst()) != null) {
                frame(next);
                if (out.backlogged()) break; // the socket is full again: the rest waits for room
                if (closeFramed || batch.size() == MAX_BATCH) {
                    writer.flush();
                    written();
                    if (closeFramed || out.backlogged()) break;
                }
            }
            writer.flush();
            written();
        }
        return true;
    }

    /** A write step done under the lock; false = nothing to settle or report. */
    private interface Step {
        boolean run(Object item) throws IOException;
    }

    /**
     * Runs a write step under the lock, then asks for the poller while bytes wait, and reports a failure or the close
     * frame's departure outside the lock. The steps are fields, so that a chunk's send allocates nothing.
     */
    private void underLock(Step step, Object item) {
        IOException failure = null;
        boolean closeDone = false;
        lock.lock();
        try {
            if (!step.run(item)) return;
            closeDone = settle();
        } catch (IOException e) {
            failure = e;
            stopped = true;
        } finally {
            lock.unlock();
        }
        report(failure, closeDone);
    }

    /** Asks for the poller while bytes wait; @return whether the close frame has just left. */
    private boolean settle() {
        boolean behind = out.backlogged() || !queue.isEmpty() && !closeFramed;
        if (behind != writeWanted) {
            writeWanted = behind;
            if (registration != null) registration.wantWrite(behind);
        }
        if (closeFramed && !out.backlogged() && !closeReported) {
            closeReported = true;
            return true;
        }
        return false;
    }

    private void report(IOException failure, boolean closeDone) {
        if (failure != null) events.failed(failure);
        else if (closeDone) events.closeWritten();
    }

    private void frame(Object item) throws IOException {
        if (item instanceof WebSocketConnection.Outgoing t) {
            writer.frame(FrameWriter.OP_TEXT, t);
            batch.add(t);
        } else if (item instanceof WebSocketConnection.Control c) {
            writer.frame(c.opcode(), c.payload(), c.payload().length);
            if (c.opcode() == FrameWriter.OP_CLOSE) {
                closeFramed = true;
                queue.clear(); // nothing is sent after a close frame
            }
        }
    }

    /** Tells the senders of the frames just handed over (by index: no iterator per chunk). */
    private void written() {
        for (int i = 0; i < batch.size(); i++) batch.get(i).written();
        batch.clear();
    }
}

package gateway.lib.rtc.internal.dtls;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DTLSServerProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.DatagramTransport;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsFatalAlertReceived;

/**
 * One peer's DTLS association, run on a virtual thread of its own: the handshake (BouncyCastle's DTLS 1.2 in
 * the server or client role), then reading records until either side closes, so that alerts (close_notify) and
 * retransmitted handshake flights are handled. The transport's receive thread feeds it records through a bounded
 * queue ({@link #offer}); it sends through the {@link Sink} it was given.
 */
public final class DtlsSession implements DatagramTransport {
    /** Records queued at most; a handshake needs a handful, so more is a flood and is dropped. */
    static final int QUEUE = 32;
    /** DTLS records this side sends are at most this long, so that no handshake flight is fragmented by IP. */
    static final int SEND_LIMIT = 1200;
    static final int RECEIVE_LIMIT = 1500;
    private static final byte[] WAKE = new byte[0];

    /** Where this session's records go. */
    public interface Sink {
        /** Sends a datagram to the peer's current address; called on the session's thread. */
        void send(byte[] buf, int off, int len) throws IOException;
    }

    /** What the session tells its peer; called on the session's thread. */
    public interface Events {
        /** The handshake completed with these keys. */
        void connected(SrtpKeyMaterial keys);

        /** The handshake failed. */
        void failed(String reason);

        /** The remote party closed the association (close_notify, or a fatal alert after the handshake). */
        void remoteClosed(String reason);

        /** The session's thread is done: nothing more will be sent (a last close_notify included). */
        void finished();
    }

    private final boolean client;
    private final DtlsPolicy policy;
    private final Sink sink;
    private final Events events;
    private final HandshakeGate gate;
    private final ArrayBlockingQueue<byte[]> inbound = new ArrayBlockingQueue<>(QUEUE);
    private volatile boolean closing;
    private volatile String remoteClosed;
    private volatile Thread thread;
    /** The handshake's place in the gate's line, from its first computation on (set on the session's thread). */
    private volatile HandshakeGate.Turn turn;
    // the session's thread's own: whether it holds a place of the gate (only while its handshake computes)
    private boolean computing;
    private boolean handshaking;
    /** Since when the handshake waits for its place (System.nanoTime, 0: not waiting), and how long it waited before. */
    private volatile long queuedSince;
    private volatile long queuedBefore;

    /**
     * @param gate bounds the handshakes that compute at once; this session takes a place while its handshake
     *             computes and gives it back while it waits for the remote party
     */
    public DtlsSession(boolean client, DtlsPolicy policy, Sink sink, Events events, HandshakeGate gate) {
        this.client = client;
        this.policy = policy;
        this.sink = sink;
        this.events = events;
        this.gate = gate;
    }

    /** Starts the handshake on a virtual thread. */
    public void start(String name) {
        thread = Thread.ofVirtual().name(name).start(this::run);
    }

    /**
     * Hands a received record (datagram) to the session; copies it.
     *
     * @return false when the queue is full and the datagram was dropped
     */
    public boolean offer(byte[] buf, int off, int len) {
        if (closing) return true;
        byte[] copy = new byte[len];
        System.arraycopy(buf, off, copy, 0, len);
        return inbound.offer(copy);
    }

    /** Ends the session: the thread sends close_notify (if the handshake completed) and stops. */
    public void shutdown() {
        closing = true;
        inbound.clear();
        inbound.offer(WAKE);
        HandshakeGate.Turn t = turn;
        if (t != null) gate.wake(t); // it may wait for its place
    }

    /**
     * @param now System.nanoTime()
     * @return how long the handshake has waited for its place so far, in nanoseconds: time its owner's connect
     *         deadline does not count, since the session was ready and only other handshakes' computing held it up
     */
    public long queuedNanos(long now) {
        long since = queuedSince;
        return queuedBefore + (since == 0 ? 0 : Math.max(0, now - since));
    }

    /** @return whether the session's thread is still running */
    public boolean running() {
        Thread t = thread;
        return t != null && t.isAlive();
    }

    private void run() {
        try {
            associate();
        } finally {
            events.finished();
        }
    }

    private void associate() {
        DTLSTransport transport;
        handshaking = true;
        try {
            // neither side queues before the remote party's first flight: a client's ClientHello is cheap (no key is
            // made for it in DTLS 1.2), and holding it back behind other handshakes would only hold the remote party
            // up, whose connect timer runs meanwhile; a server computes once the ClientHello is here
            if (client) {
                transport = new DTLSClientProtocol().connect(new DtlsClient(policy, outcome), this);
            } else {
                DTLSServerProtocol protocol = new DTLSServerProtocol();
                // ICE has already checked the remote address: a cookie exchange would only cost a round trip
                protocol.setVerifyRequests(false);
                transport = protocol.accept(new DtlsServer(policy, outcome), this);
            }
        } catch (IOException | RuntimeException e) {
            if (!closing) events.failed(reason(e));
            return;
        } finally {
            handshaking = false;
            leaveGate();
        }
        SrtpKeyMaterial k = keys;
        if (k == null) {
            events.failed("the handshake completed without SRTP keys");
            return;
        }
        events.connected(k);
        byte[] buf = new byte[RECEIVE_LIMIT];
        String ended;
        try {
            while (true) transport.receive(buf, 0, buf.length, 60_000); // application data is not used (yet): dropped
        } catch (TlsFatalAlertReceived e) {
            ended = "fatal alert from the remote party: " + e.getMessage();
        } catch (IOException | RuntimeException e) {
            ended = remoteClosed != null ? remoteClosed : "DTLS failed: " + reason(e);
        }
        if (closing) {
            try {
                transport.close(); // close_notify
            } catch (IOException ignored) {
                // the socket is going away
            }
        } else {
            events.remoteClosed(ended);
        }
    }

    private volatile SrtpKeyMaterial keys;

    private final DtlsOutcome outcome = new DtlsOutcome() {
        @Override
        public void keys(SrtpKeyMaterial k) {
            keys = k;
        }

        @Override
        public void closedByRemote(String why) {
            remoteClosed = why;
        }
    };

    static String reason(Throwable e) {
        if (e instanceof TlsFatalAlertReceived r) return "the remote party sent a fatal alert: " + r.getMessage();
        if (e instanceof TlsFatalAlert a) return a.getMessage() == null ? "fatal alert " + a.getAlertDescription() : a.getMessage();
        if (e instanceof InterruptedIOException) return "the handshake timed out";
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m;
    }

    /** @return false when the session was shut down while it waited */
    private boolean enterGate() throws InterruptedIOException {
        if (computing) return true;
        long since = System.nanoTime() | 1; // never 0, which means "not waiting"
        // the handshake begins with its first computation (a server's: when the ClientHello is here)
        if (turn == null) turn = gate.turn(since);
        queuedSince = since;
        try {
            computing = gate.enter(turn, () -> closing);
        } catch (InterruptedException e) {
            throw new InterruptedIOException("interrupted");
        } finally {
            queuedBefore += Math.max(0, System.nanoTime() - since);
            queuedSince = 0;
        }
        return computing;
    }

    private void leaveGate() {
        if (!computing) return;
        computing = false;
        gate.leave(turn);
    }

    // ---------------------------------------------------------------- DatagramTransport for BouncyCastle

    @Override
    public int getReceiveLimit() {
        return RECEIVE_LIMIT;
    }

    @Override
    public int getSendLimit() {
        return SEND_LIMIT;
    }

    @Override
    public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
        // BouncyCastle keeps reading until its wait is over; an end must break out of that at once
        if (closing) throw closed();
        if (remoteClosed != null) throw new IOException("closed by the remote party");
        // a record already here (the rest of a flight) is computed on in the same place; waiting for the remote
        // party costs no CPU, so another handshake may compute meanwhile
        byte[] record = inbound.poll();
        try {
            if (record == null) {
                leaveGate();
                record = inbound.poll(waitMillis, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            throw new InterruptedIOException("interrupted");
        }
        if (closing) throw closed();
        if (record == null || record == WAKE) return -1;
        if (handshaking && !enterGate()) throw new IOException("closed");
        int n = Math.min(len, record.length);
        System.arraycopy(record, 0, buf, off, n);
        return n;
    }

    /**
     * The exception that ends BouncyCastle's reading when this side closes: during the handshake a plain one (it sends
     * a fatal alert, so the remote party learns at once that the handshake is over); after it an interruption, which
     * BouncyCastle passes on without failing the association with an internal_error alert, so that the close_notify
     * sent next is what the remote party sees.
     */
    private IOException closed() {
        return handshaking ? new IOException("closed") : new InterruptedIOException("closed");
    }

    @Override
    public void send(byte[] buf, int off, int len) throws IOException {
        sink.send(buf, off, len);
    }

    @Override
    public void close() {
        // BouncyCastle closes its transport after close_notify; the session ends with its loop
    }
}

package gateway.webrtc.internal;

import gateway.api.stream.Attachment;
import gateway.api.stream.LiveStream;
import gateway.api.stream.MediaPacket;
import gateway.api.stream.MediaSession;
import gateway.api.stream.StreamState;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WHEP sessions of one stream behind one attachment of that stream: the attachment's thread hands each packet
 * to every session's sender in turn. So a stream costs one thread and one queue entry per packet however many
 * listeners it has (a sender encrypts into its own buffer and the socket send does not block), instead of a thread,
 * a queue and a queue entry per packet for each listener.
 *
 * <p>The first session of a stream makes the fan-out and attaches it; the last one to leave closes the attachment,
 * after which the fan-out takes no session (the next listener makes a new one). The stream's end or a detachment
 * ends every session on it.
 *
 * <p>Threading: {@link #onPacket} and the final callbacks run on the attachment's thread; {@link #add} and
 * {@link #remove} on any. The session list is an array replaced on change, so the per-packet loop takes no lock and
 * allocates nothing.
 */
final class StreamFanout implements MediaSession {
    private static final Logger LOG = LoggerFactory.getLogger(StreamFanout.class);
    private static final WhepSession[] NONE = new WhepSession[0];

    /** Told once when the fan-out takes no more sessions, so the next listener of the stream makes a new one. */
    interface Owner {
        void closed(StreamFanout fanout);
    }

    /** From this many listeners on, a packet's sending is split with the {@link SendingHelper}. */
    static final int SPLIT_AT = 64;

    private final String streamId;
    private final Owner owner;
    private final SendingHelper helper;
    private final SendingHelper.Half half = new SendingHelper.Half();
    /** This stream's part of whether forwarding is behind (new listeners' handshakes wait meanwhile). */
    private final ForwardingLag.Stream lag;
    /** The stream, once attached: its packet count tells how many packets wait behind the one being sent. */
    private volatile LiveStream stream;
    private final Object lock = new Object();
    private volatile WhepSession[] sessions = NONE;
    private Attachment attachment;
    private boolean closed;
    private boolean attaching;

    StreamFanout(String streamId, Owner owner, SendingHelper helper, ForwardingLag.Stream lag) {
        this.streamId = streamId;
        this.owner = owner;
        this.helper = helper;
        this.lag = lag;
    }

    /** The handler's attach: the fan-out is the stream's session. */
    StreamFanout playing(LiveStream stream) {
        this.stream = stream;
        return this;
    }

    String streamId() {
        return streamId;
    }

    /** What {@link #add} did. */
    enum Added { FIRST, JOINED, CLOSED }

    /**
     * Adds a session.
     *
     * @return {@link Added#FIRST} when the caller must attach the fan-out to its stream ({@link #attached} or
     *         {@link #attachFailed}), {@link Added#JOINED} when it is attached or being attached, {@link Added#CLOSED}
     *         when it takes no more sessions
     */
    Added add(WhepSession session) {
        synchronized (lock) {
            if (closed) return Added.CLOSED;
            WhepSession[] s = Arrays.copyOf(sessions, sessions.length + 1);
            s[s.length - 1] = session;
            sessions = s;
            if (attachment != null || attaching) return Added.JOINED;
            attaching = true;
            return Added.FIRST;
        }
    }

    /** The attachment the first session made; closed at once if every session left meanwhile. */
    void attached(Attachment a) {
        boolean close;
        boolean last = false;
        synchronized (lock) {
            attaching = false;
            attachment = a;
            if (!closed && sessions.length == 0) { // the sessions left while it attached
                closed = true;
                last = true;
            }
            close = closed;
        }
        if (last) owner.closed(this);
        if (close) a.close();
    }

    /** The first session could not attach: the fan-out closes and the sessions that joined meanwhile end. */
    void attachFailed(EndCause cause, String reason) {
        WhepSession[] all;
        synchronized (lock) {
            attaching = false;
            all = closeUnderLock();
        }
        owner.closed(this);
        for (WhepSession s : all) s.end(cause, reason);
    }

    /** A session ended; the last one closes the attachment. */
    void remove(WhepSession session) {
        Attachment close = null;
        boolean last = false;
        synchronized (lock) {
            WhepSession[] s = sessions;
            int i = indexOf(s, session);
            if (i < 0) return;
            WhepSession[] rest = new WhepSession[s.length - 1];
            System.arraycopy(s, 0, rest, 0, i);
            System.arraycopy(s, i + 1, rest, i, s.length - i - 1);
            sessions = rest.length == 0 ? NONE : rest;
            if (rest.length == 0 && !closed && !attaching) {
                closed = true;
                lag.clear();
                last = true;
                close = attachment;
            }
        }
        if (last) owner.closed(this);
        if (close != null) close.close();
    }

    /** @return the sessions on it now */
    int size() {
        return sessions.length;
    }

    private WhepSession[] closeUnderLock() {
        closed = true;
        lag.clear();
        WhepSession[] all = sessions;
        sessions = NONE;
        return all;
    }

    private static int indexOf(WhepSession[] s, WhepSession session) {
        for (int i = 0; i < s.length; i++) if (s[i] == session) return i;
        return -1;
    }

    @Override
    public void onPacket(MediaPacket packet) {
        LiveStream s = stream;
        // the registry numbers a stream's packets from 0 and counts them before queueing them: what waits behind this one
        if (s != null) lag.backlog(s.counters().packets() - 1 - packet.sequence());
        WhepSession[] all = sessions;
        int n = all.length;
        if (n >= SPLIT_AT && helper != null) {
            int mid = n / 2;
            half.set(all, mid, n, packet);
            if (helper.offer(half)) {
                sendRange(all, 0, mid, packet);
                half.await();
                return;
            }
        }
        sendRange(all, 0, n, packet);
    }

    /** Sends a packet to the sessions {@code [from, to)} of the array. */
    static void sendRange(WhepSession[] all, int from, int to, MediaPacket packet) {
        for (int i = from; i < to; i++) {
            WhepSession s = all[i];
            try {
                s.forward(packet);
            } catch (RuntimeException e) {
                // one session's failure must not cost the others their packets
                LOG.warn("WHEP session {} failed to send: {}", s.id(), e.toString(), e);
                s.end(EndCause.DETACHED, "internal error while sending: " + e);
            }
        }
    }

    @Override
    public void onEnd(StreamState state, String reason) {
        finish(EndCause.STREAM_ENDED, "the stream " + state.label() + (reason == null ? "" : ": " + reason));
    }

    @Override
    public void onDetached() {
        finish(EndCause.DETACHED, "detached from the stream");
    }

    private void finish(EndCause cause, String reason) {
        WhepSession[] all;
        boolean wasOpen;
        synchronized (lock) {
            wasOpen = !closed;
            all = closeUnderLock();
        }
        if (wasOpen) owner.closed(this);
        for (WhepSession s : all) s.end(cause, reason);
    }
}

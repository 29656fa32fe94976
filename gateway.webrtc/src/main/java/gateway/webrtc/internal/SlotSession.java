package gateway.webrtc.internal;

import gateway.api.webrtc.WebRtcPlayback;
import gateway.lib.rtc.AudioSender;
import gateway.lib.rtc.PeerEnd;
import gateway.lib.rtc.PeerListener;
import gateway.lib.rtc.RtcPeer;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One listener's connection with several audio sections ("slots"), each playing a live stream its caller chooses and
 * may change. A slot's stream is played by a {@link WhepSession} without a peer of its own, on that stream's
 * {@link StreamFanout} like any listener's, sending through the slot's {@link AudioSender}; changing the stream ends
 * that session and starts another on the new stream's fan-out, and the sender continues its sequence numbers and
 * timestamps, so the listener's decoder for the section never sees a jump.
 *
 * <p>Threading: the slots change under this object's lock; the slot sessions' packets arrive on their streams'
 * attachment threads, and a slot's sender is locked per packet because, for the moment of a change, the old stream's
 * thread may still be sending while the new one's starts. Listener callbacks run outside the lock.
 */
final class SlotSession implements WebRtcPlayback.SlotPlayback, PeerListener, WhepSession.Host {

    /** What the session needs from the plugin. */
    interface Owner {
        /** @return whether the slot session joined the live Opus stream's fan-out */
        boolean joinSlot(String streamId, WhepSession slot);

        void ended(SlotSession session, EndCause cause, String reason);
    }

    private final String id;
    private final Owner owner;
    private final WebRtcPlayback.SlotListener listener;
    private final AtomicBoolean ended = new AtomicBoolean();
    private final Object lock = new Object();
    private volatile RtcPeer peer;
    private volatile String answer;
    private LockedSender[] senders = new LockedSender[0];
    private WhepSession[] playing = new WhepSession[0];

    SlotSession(String id, Owner owner, WebRtcPlayback.SlotListener listener) {
        this.id = id;
        this.owner = owner;
        this.listener = listener;
    }

    /** The peer has answered the offer with one sending section per slot. */
    void peer(RtcPeer peer, String answer) {
        List<AudioSender> all = peer.audioSenders();
        synchronized (lock) {
            senders = new LockedSender[all.size()];
            for (int i = 0; i < senders.length; i++) senders[i] = new LockedSender(all.get(i));
            playing = new WhepSession[senders.length];
        }
        this.peer = peer;
        this.answer = answer;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String answer() {
        return answer;
    }

    @Override
    public int slots() {
        synchronized (lock) {
            return senders.length;
        }
    }

    @Override
    public boolean play(int slot, String streamId) {
        WhepSession old;
        WhepSession next;
        synchronized (lock) {
            if (ended.get()) return false;
            old = playing[slot];
            next = new WhepSession(id + "-" + slot, streamId, null, this);
            next.sender(senders[slot]);
            playing[slot] = next;
        }
        if (old != null) old.end(EndCause.DELETED, "the slot plays another stream");
        senders[slot].switchSource();
        if (owner.joinSlot(streamId, next)) {
            if (ended.get()) next.end(EndCause.STOPPED, "the connection ended");
            return true;
        }
        synchronized (lock) {
            if (playing[slot] == next) playing[slot] = null;
        }
        return false;
    }

    @Override
    public void clear(int slot) {
        WhepSession old;
        synchronized (lock) {
            old = playing[slot];
            playing[slot] = null;
        }
        if (old != null) old.end(EndCause.DELETED, "the slot was cleared");
    }

    @Override
    public void end(String reason) {
        end(EndCause.DELETED, reason);
    }

    /** Ends the connection once: every slot's session, then the peer; tells the owner and the listener. */
    void end(EndCause cause, String reason) {
        if (!ended.compareAndSet(false, true)) return;
        WhepSession[] all;
        synchronized (lock) {
            all = playing.clone();
            java.util.Arrays.fill(playing, null);
        }
        for (WhepSession s : all) if (s != null) s.end(cause, reason);
        RtcPeer p = peer;
        if (p != null) p.close();
        owner.ended(this, cause, reason);
        listener.ended(cause.wire(), reason);
    }

    // ---------------------------------------------------------------- a slot's session (WhepSession.Host)

    @Override
    public void connected(WhepSession slot) {
        // the slots have no peers of their own: the connection's peer connects
    }

    /** A slot's session ended: by its stream (the slot is empty now, the listener hears of it) or by this object. */
    @Override
    public void ended(WhepSession slot, EndCause cause, String reason) {
        int index = -1;
        synchronized (lock) {
            for (int i = 0; i < playing.length; i++) {
                if (playing[i] == slot) {
                    playing[i] = null;
                    index = i;
                }
            }
        }
        if (index >= 0 && !ended.get()) listener.slotEnded(index, slot.streamId(), reason);
    }

    // ---------------------------------------------------------------- the peer (PeerListener)

    @Override
    public void onConnected(RtcPeer peer) {
        // nothing to do: each slot sends once the peer is connected
    }

    @Override
    public void onClosed(RtcPeer peer, PeerEnd end, String detail) {
        end(EndCause.of(end), detail);
    }

    /** A slot's sender, one packet at a time whichever stream's thread sends it. */
    private static final class LockedSender implements AudioSender {
        private final AudioSender sender;

        LockedSender(AudioSender sender) {
            this.sender = sender;
        }

        @Override
        public synchronized boolean send(long sequence, long timestampMicros, ByteBuffer payload) {
            return sender.send(sequence, timestampMicros, payload);
        }

        @Override
        public synchronized void switchSource() {
            sender.switchSource();
        }

        @Override
        public long packetsSent() {
            return sender.packetsSent();
        }

        @Override
        public long bytesSent() {
            return sender.bytesSent();
        }

        @Override
        public int ssrc() {
            return sender.ssrc();
        }
    }
}

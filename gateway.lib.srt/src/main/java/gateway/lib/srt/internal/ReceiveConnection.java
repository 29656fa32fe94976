package gateway.lib.srt.internal;

import gateway.lib.srt.SrtClosedException;
import gateway.lib.srt.SrtConnection;
import gateway.lib.srt.SrtMessage;
import gateway.lib.srt.SrtReceiverStats;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * The receiving side of one live-mode connection: reorders packets in a bounded ring, reports losses
 * (NAK at once and periodically), acknowledges every 10 ms, measures RTT from ACKACKs and releases
 * messages at their TSBPD time, dropping those that are too late.
 */
public final class ReceiveConnection implements SrtConnection {
    static final long ACK_INTERVAL_NANOS = 10_000_000;
    static final long KEEPALIVE_NANOS = 1_000_000_000;
    /** A slot the sender asked us to drop: it stands for no message of its own. */
    private static final byte[] DROPPED = new byte[0];

    /** How the connection sends packets. */
    public interface Sender {
        void send(ByteBuffer packet, InetSocketAddress to);
    }

    private final Sender sender;
    private final InetSocketAddress peer;
    final int localId;
    final int peerId;
    private final String streamId;
    private final int passphraseIndex;
    private final long latencyNanos;
    private final ConnectionState state;
    private final SrtCrypto.Ctr[] keys;
    private final String passphrase;
    private final Runnable onClosed;

    /**
     * The reorder ring, by sequence number: each slot's payload (null: not received; {@link #DROPPED}), its sender's
     * timestamp and its due time. The message itself is made once, when it is released.
     */
    private final byte[][] ring;
    private final long[] sourceTimes;
    private final long[] dues;
    private int nextDeliver;
    private int nextExpected;
    private boolean timeBaseSet;
    private long timeBaseNanos;
    private long lastTs = -1;
    private long tsWraps;

    /** Messages due for the application: an array, so that handing one over allocates nothing. */
    private final ArrayBlockingQueue<SrtMessage> delivered;
    /**
     * The thread waiting in {@link #receive}, and until when: woken by a delivery, by a {@link #tick} at or after its
     * deadline, by the close or by an interrupt, so a virtual thread waits without a timer of its own. A second
     * thread receiving at the same time waits in slices of 50 ms.
     */
    private final AtomicReference<Thread> reader = new AtomicReference<>();
    private volatile long readerDeadline;
    /** Set while closing: everything received is due at once. */
    private boolean flushing;
    private long lastAckNanos;
    private long lastSentNanos;
    /** When the last periodic loss report went out; the immediate reports of new gaps do not move it. */
    private long lastPeriodicNakNanos;
    private boolean rttMeasured;
    private int ackNumber;
    private final long[] ackSentNanos = new long[64];
    private final int[] ackSentNumber = new int[64];
    private int lastAckedPoint = -1;
    private long rttMicros = 100_000;
    private long rttVarMicros = 50_000;

    private long packetsReceived;
    private long bytesReceived;
    private long packetsLost;
    private long packetsRetransmitted;
    private long packetsDropped;
    private long packetsDelivered;
    private long keyRefreshes;
    private final ByteBuffer out = ByteBuffer.allocate(1500);

    public ReceiveConnection(Sender sender, InetSocketAddress peer, int localId, int peerId, int initialSeq, String streamId,
                             int passphraseIndex, String passphrase, byte[][] sek, byte[] salt, Duration latency,
                             Duration idleTimeout, int bufferPackets, Runnable onClosed) {
        this.sender = sender;
        this.peer = peer;
        this.localId = localId;
        this.peerId = peerId;
        this.streamId = streamId;
        this.passphraseIndex = passphraseIndex;
        this.passphrase = passphrase;
        this.latencyNanos = latency.toNanos();
        this.state = new ConnectionState(idleTimeout.toNanos());
        this.keys = new SrtCrypto.Ctr[2];
        if (sek != null) {
            for (int i = 0; i < 2; i++) if (sek[i] != null) keys[i] = new SrtCrypto.Ctr(sek[i], salt);
        }
        this.ring = new byte[bufferPackets][];
        this.sourceTimes = new long[bufferPackets];
        this.dues = new long[bufferPackets];
        this.nextDeliver = initialSeq;
        this.nextExpected = initialSeq;
        this.delivered = new ArrayBlockingQueue<>(bufferPackets);
        this.onClosed = onClosed;
        // The conclusion response was just sent: nothing else is due before the caller has processed it.
        this.lastSentNanos = state.startNanos();
        this.lastPeriodicNakNanos = state.startNanos();
    }

    @Override public String streamId() { return streamId; }
    @Override public InetSocketAddress peer() { return peer; }
    @Override public int passphraseIndex() { return passphraseIndex; }
    @Override public boolean isOpen() { return state.isOpen(); }
    @Override public Optional<String> closeReason() { return state.closeReason(); }

    int timestampNow() {
        return state.timestamp(System.nanoTime());
    }

    /** A packet for this connection arrived (receive thread). */
    public void onPacket(ByteBuffer p, long now) {
        state.heard(now);
        if (!state.isOpen()) return;
        if (Packets.isControl(p)) {
            onControl(p, now);
        } else {
            onData(p, now);
        }
    }

    private synchronized void onData(ByteBuffer p, long now) {
        int seq = Packets.sequence(p);
        int len = p.limit() - Packets.HEADER;
        packetsReceived++;
        bytesReceived += len;
        if (Packets.retransmitted(p)) packetsRetransmitted++;
        int offset = SeqNo.diff(nextDeliver, seq);
        if (offset < 0) return; // already delivered or given up
        if (offset >= ring.length) { // beyond the buffer: the application is not keeping up
            packetsDropped++;
            return;
        }
        int slot = Math.floorMod(seq, ring.length);
        if (ring[slot] != null) return; // duplicate
        byte[] payload = new byte[len];
        p.get(Packets.HEADER, payload);
        int kk = Packets.keyIndex(p);
        if (kk != 0) {
            SrtCrypto.Ctr ctr = kk == 3 ? null : keys[kk - 1]; // KK=11 is no key (found by PacketFuzzTest)
            if (ctr == null) {
                packetsDropped++;
                return;
            }
            ctr.apply(seq, payload, 0, payload.length);
        }
        long ts = unwrapTimestamp(Packets.timestamp(p) & 0xFFFFFFFFL);
        if (!timeBaseSet) {
            timeBaseNanos = now - ts * 1000;
            timeBaseSet = true;
        }
        ring[slot] = payload;
        sourceTimes[slot] = ts;
        dues[slot] = timeBaseNanos + ts * 1000 + latencyNanos;
        int ahead = SeqNo.diff(nextExpected, seq);
        if (ahead > 0) { // a gap: report it at once
            packetsLost += ahead;
            sendNak(List.of(new int[] {nextExpected, SeqNo.add(seq, -1)}));
        }
        if (ahead >= 0) nextExpected = SeqNo.next(seq);
        deliverDue(now);
    }

    private long unwrapTimestamp(long ts) {
        if (lastTs >= 0 && ts < lastTs && lastTs - ts > 0x80000000L) tsWraps++;
        else if (lastTs >= 0 && ts > lastTs && ts - lastTs > 0x80000000L && tsWraps > 0) return (tsWraps - 1) * 0x100000000L + ts;
        lastTs = ts;
        return tsWraps * 0x100000000L + ts;
    }

    private void onControl(ByteBuffer p, long now) {
        switch (Packets.controlType(p)) {
            case Packets.ACKACK -> onAckAck(Packets.typeInfo(p), now);
            case Packets.SHUTDOWN -> closeBy(ConnectionState.PEER_CLOSED, false);
            case Packets.DROPREQ -> {
                if (p.limit() >= Packets.HEADER + 8) onDropRequest(p.getInt(Packets.HEADER) & SeqNo.MAX, p.getInt(Packets.HEADER + 4) & SeqNo.MAX, now);
            }
            case Packets.USER -> {
                if (Packets.subtype(p) == Handshake.CMD_KMREQ) onKeyRefresh(p);
            }
            case Packets.HANDSHAKE -> { } // a repeated conclusion; the listener answers it
            default -> { } // keepalive, congestion warning, peer error: lastHeard is enough
        }
    }

    private synchronized void onAckAck(int number, long now) {
        for (int i = 0; i < ackSentNumber.length; i++) {
            if (ackSentNumber[i] == number && ackSentNanos[i] != 0) {
                long sample = (now - ackSentNanos[i]) / 1000;
                if (!rttMeasured) { // the first sample replaces the initial guess, as libsrt 1.5 does
                    rttMeasured = true;
                    rttMicros = sample;
                    rttVarMicros = sample / 2;
                } else {
                    rttVarMicros = (3 * rttVarMicros + Math.abs(rttMicros - sample)) / 4;
                    rttMicros = (7 * rttMicros + sample) / 8;
                }
                ackSentNanos[i] = 0;
                return;
            }
        }
    }

    private synchronized void onDropRequest(int first, int last, long now) {
        // Only the part of [first, last] inside the buffer window matters. The range comes from the peer
        // and may span up to 2^30 sequence numbers: walking all of it would stall the receive thread.
        // Offsets from nextDeliver, clamped to the buffer, so that no wrap-around can widen the walk.
        if (SeqNo.diff(first, last) < 0) return;
        int lo = Math.max(0, SeqNo.diff(nextDeliver, first));
        int hi = Math.min(ring.length - 1, SeqNo.diff(nextDeliver, last));
        for (int off = lo; off <= hi; off++) {
            int s = SeqNo.add(nextDeliver, off);
            int slot = Math.floorMod(s, ring.length);
            if (ring[slot] == null) {
                ring[slot] = DROPPED;
                dues[slot] = timeBaseNanos + latencyNanos; // due from the start of the stream, as a message stamped 0
            }
            if (SeqNo.diff(nextExpected, s) >= 0) nextExpected = SeqNo.next(s);
        }
        deliverDue(now);
    }

    private void onKeyRefresh(ByteBuffer p) {
        byte[] km = new byte[p.limit() - Packets.HEADER];
        p.get(Packets.HEADER, km);
        KeyMaterial material = KeyMaterial.parse(km);
        if (material == null || passphrase == null) return;
        byte[][] sek = material.unwrap(passphrase);
        if (sek == null) return;
        synchronized (this) {
            for (int i = 0; i < 2; i++) if (sek[i] != null) keys[i] = new SrtCrypto.Ctr(sek[i], material.salt());
            keyRefreshes++;
            send(Packets.keyMaterial(out, Handshake.CMD_KMRSP, km, timestampNow(), peerId));
        }
    }

    /** Timer tick (every few ms): deliver, acknowledge, report losses, keep alive, time out. */
    public synchronized void tick(long now) {
        if (!state.isOpen()) return;
        Thread r = reader.get();
        if (r != null && now - readerDeadline >= 0) LockSupport.unpark(r); // its receive() timed out
        String idle = state.idleReason(now);
        if (idle != null) {
            closeBy(idle, false);
            return;
        }
        deliverDue(now);
        if (now - lastAckNanos >= ACK_INTERVAL_NANOS && timeBaseSet) sendAck(now);
        // Periodic NAK: every RTT + 4 RTTVar, but at least 3 times within the latency (the initial
        // 100 ms RTT estimate would otherwise leave one chance at most before the first ACKACKs). Its own
        // clock: were it reset by the immediate report of each new gap, a stream losing a packet more often
        // than the interval would never repeat a report whose NAK or retransmission was lost.
        long nakInterval = Math.max(20_000_000L, Math.min((rttMicros + 4 * rttVarMicros) * 1000, latencyNanos / 3));
        if (now - lastPeriodicNakNanos >= nakInterval) {
            List<int[]> losses = lossRanges();
            if (!losses.isEmpty()) sendNak(losses);
            lastPeriodicNakNanos = now;
        }
        if (now - lastSentNanos >= KEEPALIVE_NANOS) send(Packets.keepalive(out, timestampNow(), peerId));
    }

    private void deliverDue(long now) {
        while (SeqNo.diff(nextDeliver, nextExpected) > 0) {
            int slot = Math.floorMod(nextDeliver, ring.length);
            byte[] payload = ring[slot];
            if (payload == DROPPED) {
                ring[slot] = null;
                packetsDropped++;
                nextDeliver = SeqNo.next(nextDeliver);
                continue;
            }
            if (payload == null) {
                // Missing: give up on it only when a later packet is already due (too-late drop).
                int later = firstPresentAfter(nextDeliver);
                if (later < 0 || !due(Math.floorMod(later, ring.length), now)) return;
                int skipped = SeqNo.diff(nextDeliver, later);
                packetsDropped += skipped;
                nextDeliver = later;
                continue;
            }
            if (!due(slot, now)) return;
            if (!delivered.offer(new SrtMessage(payload, sourceTimes[slot], nextDeliver, dues[slot], System.nanoTime()))) {
                packetsDropped++; // the application is not reading
            } else {
                packetsDelivered++;
                wakeReader();
            }
            ring[slot] = null;
            nextDeliver = SeqNo.next(nextDeliver);
        }
    }

    private boolean due(int slot, long now) {
        return flushing || dues[slot] - now <= 0;
    }

    private int firstPresentAfter(int seq) {
        for (int s = SeqNo.next(seq); SeqNo.diff(s, nextExpected) > 0; s = SeqNo.next(s)) {
            if (ring[Math.floorMod(s, ring.length)] != null) return s;
        }
        return -1;
    }

    /** @return the gaps in what was received, oldest first; an empty list (no allocation) when there is none */
    private List<int[]> lossRanges() {
        List<int[]> ranges = List.of();
        int start = -1;
        for (int s = nextDeliver; SeqNo.diff(s, nextExpected) > 0; s = SeqNo.next(s)) {
            boolean missing = ring[Math.floorMod(s, ring.length)] == null;
            if (missing && start < 0) start = s;
            if (!missing && start >= 0) {
                if (ranges.isEmpty()) ranges = new ArrayList<>();
                ranges.add(new int[] {start, SeqNo.add(s, -1)});
                start = -1;
            }
        }
        return ranges; // a trailing run cannot exist: nextExpected - 1 is always present
    }

    private int ackPoint() {
        for (int s = nextDeliver; SeqNo.diff(s, nextExpected) > 0; s = SeqNo.next(s)) {
            if (ring[Math.floorMod(s, ring.length)] == null) return s;
        }
        return nextExpected;
    }

    private void sendAck(long now) {
        int point = ackPoint();
        lastAckNanos = now;
        if (point == lastAckedPoint && now - lastSentNanos < KEEPALIVE_NANOS / 4) return;
        lastAckedPoint = point;
        ackNumber++;
        int i = ackNumber & 63;
        ackSentNumber[i] = ackNumber;
        ackSentNanos[i] = now;
        int used = Math.max(0, SeqNo.diff(nextDeliver, nextExpected));
        Packets.control(out, Packets.ACK, 0, ackNumber, timestampNow(), peerId);
        out.putInt(point);
        out.putInt((int) rttMicros);
        out.putInt((int) rttVarMicros);
        out.putInt(Math.max(2, ring.length - used));
        out.putInt(0);      // packets receiving rate: not measured
        out.putInt(0);      // estimated link capacity: not measured
        out.putInt(0);      // receiving rate in bytes: not measured
        out.flip();
        send(out);
    }

    private void sendNak(List<int[]> ranges) {
        Packets.control(out, Packets.NAK, 0, 0, timestampNow(), peerId);
        for (int[] r : ranges) {
            if (out.remaining() < 8) break;
            if (r[0] == r[1]) out.putInt(r[0]);
            else out.putInt(r[0] | 0x80000000).putInt(r[1]);
        }
        out.flip();
        send(out);
    }

    private void send(ByteBuffer packet) {
        sender.send(packet, peer);
        lastSentNanos = System.nanoTime();
    }

    /**
     * {@inheritDoc}
     *
     * <p>A virtual thread waits without a timer: a delivery, the close or an interrupt wakes it, and the connection's
     * {@link #tick} (every few milliseconds while it is open) wakes it at its deadline. A timed park per wait put a
     * timer into the virtual-thread scheduler for every packet of every stream. A platform thread is woken the same way
     * but also waits timed (a platform thread's timed park needs no scheduler of its own).
     */
    @Override
    public SrtMessage receive(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Thread me = Thread.currentThread();
        while (true) {
            SrtMessage m = delivered.poll();
            if (m != null) return m;
            if (!state.isOpen()) throw new SrtClosedException(state.closeReason().orElseThrow());
            long left = deadline - System.nanoTime();
            if (left <= 0) return null;
            boolean published = reader.compareAndSet(null, me);
            if (published) readerDeadline = deadline; // a tick that saw the previous one wakes it early: it waits again
            try {
                // checked again once published as the reader: a delivery or close from now on unparks it
                if (delivered.isEmpty() && state.isOpen()) {
                    if (published && me.isVirtual()) LockSupport.park(this);
                    else LockSupport.parkNanos(this, Math.min(left, 50_000_000L));
                }
            } finally {
                if (published) reader.set(null);
            }
            if (Thread.interrupted()) throw new InterruptedException();
        }
    }

    private void wakeReader() {
        Thread r = reader.get();
        if (r != null) LockSupport.unpark(r);
    }

    @Override
    public synchronized SrtReceiverStats stats() {
        return new SrtReceiverStats(packetsReceived, bytesReceived, packetsLost, packetsRetransmitted, packetsDropped,
                packetsDelivered, rttMicros, (int) (latencyNanos / 1_000_000), keyRefreshes);
    }

    @Override
    public void close() {
        closeBy(ConnectionState.CLOSED_LOCALLY, true);
    }

    void closeBy(String reason, boolean tellPeer) {
        synchronized (this) {
            if (!state.isOpen()) return;
            if (tellPeer) send(Packets.shutdown(out, timestampNow(), peerId));
            // Whatever arrived is handed over first (the sender is gone, waiting for its TSBPD time is
            // pointless); only then may receive() report the end.
            flushing = true;
            deliverDue(System.nanoTime());
            state.close(reason);
            wakeReader();
        }
        onClosed.run();
    }
}

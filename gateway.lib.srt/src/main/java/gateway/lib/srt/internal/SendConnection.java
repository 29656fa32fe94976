package gateway.lib.srt.internal;

import gateway.lib.srt.SrtCallerOptions;
import gateway.lib.srt.SrtClosedException;
import gateway.lib.srt.SrtSenderStats;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.security.SecureRandom;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A caller-mode live sender: handshake v5 (induction, conclusion with HSREQ, KMREQ and stream id),
 * then messages kept in a bounded send buffer for retransmission on NAK until acknowledged, or dropped
 * once older than the latency allows.
 */
public final class SendConnection {
    private static final Logger LOG = LoggerFactory.getLogger(SendConnection.class);
    static final int BUFFER = 4096;

    private final DatagramChannel channel;
    private final InetSocketAddress peer;
    private final int localId;
    private final ConnectionState state;
    private java.util.concurrent.ScheduledFuture<?> tickTask;
    private final Thread receiver;
    private final long latencyNanos;
    private int peerId;
    /** Stream keys by parity (0 even, 1 odd) and the one in use; null without encryption. */
    private final SrtCrypto.Ctr[] ctrs = new SrtCrypto.Ctr[2];
    private final byte[][] seks = new byte[2][];
    private int activeKey;
    private byte[] salt;
    private byte[] kek;
    private int keyLength;
    private final int keyRefreshPackets;
    private final int keyPreAnnounce;
    private long packetsWithKey;
    private byte[] pendingKmreq;
    private long kmreqSentAt;
    private long keyRefreshes;
    private long lastTailRetransmit;
    private final SecureRandom random = new SecureRandom();
    private int nextSeq;
    private int msgNo = 1;
    private final byte[][] buffer = new byte[BUFFER][];
    private final long[] sentAt = new long[BUFFER];
    private int oldestUnacked;
    private long lastSent;
    private long sent;
    private long bytes;
    private long nakked;
    private long retransmitted;
    private long dropped;
    private long acked;
    private long rttMicros = 100_000;
    private final ByteBuffer out = ByteBuffer.allocate(1500);

    private SendConnection(DatagramChannel channel, InetSocketAddress peer, int localId, SrtCallerOptions o) {
        this.channel = channel;
        this.peer = peer;
        this.localId = localId;
        this.latencyNanos = o.latency().toNanos();
        this.state = new ConnectionState(o.peerIdleTimeout().toNanos());
        this.keyRefreshPackets = o.keyRefreshPackets();
        this.keyPreAnnounce = o.keyPreAnnounce();
        // A virtual thread: it waits on the socket without an OS thread of its own, so hundreds of callers
        // in one JVM do not put hundreds of threads on the CPU's run queue (each woken by every ACK).
        this.receiver = Thread.ofVirtual().name("srt-sender-" + localId).unstarted(this::receiveLoop);
    }

    public static SendConnection connect(SrtCallerOptions o) throws IOException {
        SecureRandom random = new SecureRandom();
        DatagramChannel ch = DatagramChannel.open();
        ch.connect(o.target());
        ch.configureBlocking(false); // polled during the handshake
        SendConnection c = new SendConnection(ch, o.target(), 1 + random.nextInt(0x3FFFFFFE), o);
        try {
            c.handshake(o);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        c.receiver.start();
        synchronized (c) {
            if (c.state.isOpen()) c.tickTask = SharedTimer.schedule(c::tick, 10);
        }
        return c;
    }

    private void handshake(SrtCallerOptions o) throws IOException {
        CallerHandshake h = CallerHandshake.run(channel, o, localId, this::timestamp);
        nextSeq = h.initialSeq();
        oldestUnacked = h.initialSeq();
        peerId = h.peerId();
        if (h.sek() != null) {
            salt = h.salt();
            keyLength = h.keyLength();
            kek = h.kek();
            seks[0] = h.sek();
            ctrs[0] = new SrtCrypto.Ctr(h.sek(), h.salt());
        }
        if (h.listener() != null) LOG.debug("SRT caller connected, peer latency {} ms", h.listener().receiverDelayMillis());
    }

    private int timestamp() {
        return state.timestamp(System.nanoTime());
    }

    public synchronized void send(byte[] payload) {
        if (!state.isOpen()) throw new SrtClosedException(state.closeReason().orElseThrow());
        if (payload.length > Packets.MAX_PAYLOAD) throw new IllegalArgumentException("payload over " + Packets.MAX_PAYLOAD + " bytes");
        if (SeqNo.diff(oldestUnacked, nextSeq) >= BUFFER) { // buffer full: forget the oldest
            releaseUpTo(SeqNo.add(nextSeq, -BUFFER + 1), true);
        }
        SrtCrypto.Ctr ctr = ctrs[activeKey];
        if (ctr != null) rotateKeys();
        ctr = ctrs[activeKey];
        int seq = nextSeq;
        nextSeq = SeqNo.next(seq);
        byte[] packet = new byte[Packets.HEADER + payload.length];
        ByteBuffer p = ByteBuffer.wrap(packet);
        p.putInt(seq);
        // PP=11 (solo message), O=1 (in order), KK, R=0, message number
        p.putInt(0xE0000000 | (ctr == null ? 0 : (activeKey + 1) << 27) | (msgNo & 0x03FFFFFF));
        msgNo = msgNo == 0x03FFFFFF ? 1 : msgNo + 1;
        p.putInt(timestamp());
        p.putInt(peerId);
        p.put(payload);
        if (ctr != null) ctr.apply(seq, packet, Packets.HEADER, payload.length);
        int slot = Math.floorMod(seq, BUFFER);
        buffer[slot] = packet;
        sentAt[slot] = System.nanoTime();
        sent++;
        bytes += payload.length;
        write(ByteBuffer.wrap(packet));
    }

    /**
     * Key refresh as libsrt does it: announce the next key (both keys in one KM message) some packets
     * before the switch, switch parity after {@code keyRefreshPackets}, and keep announcing until the
     * receiver confirms.
     */
    private void rotateKeys() {
        packetsWithKey++;
        if (packetsWithKey == keyRefreshPackets - keyPreAnnounce) {
            int next = activeKey ^ 1;
            seks[next] = new byte[keyLength];
            random.nextBytes(seks[next]);
            ctrs[next] = new SrtCrypto.Ctr(seks[next], salt);
            byte[] both = new byte[2 * keyLength];
            System.arraycopy(seks[0], 0, both, 0, keyLength);
            System.arraycopy(seks[1], 0, both, keyLength, keyLength);
            pendingKmreq = new KeyMaterial(3, salt, keyLength, SrtCrypto.wrap(kek, both)).toBytes();
            sendKmreq();
        } else if (packetsWithKey >= keyRefreshPackets) {
            activeKey ^= 1;
            packetsWithKey = 0;
            keyRefreshes++;
        }
    }

    private void sendKmreq() {
        write(Packets.keyMaterial(out, Handshake.CMD_KMREQ, pendingKmreq, timestamp(), peerId));
        kmreqSentAt = System.nanoTime();
    }

    private void receiveLoop() {
        ByteBuffer in = ByteBuffer.allocate(2048);
        while (state.isOpen()) {
            in.clear();
            try {
                if (channel.read(in) <= 0) continue;
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                if (state.isOpen()) LOG.debug("SRT sender receive: {}", e.toString());
                continue;
            }
            in.flip();
            try {
                onPacket(in);
            } catch (RuntimeException e) {
                LOG.debug("SRT sender dropped a malformed packet: {}", e.toString());
            }
        }
    }

    private synchronized void onPacket(ByteBuffer p) {
        if (p.limit() < Packets.HEADER || !Packets.isControl(p)) return;
        state.heard(System.nanoTime());
        switch (Packets.controlType(p)) {
            case Packets.ACK -> {
                if (p.limit() >= Packets.HEADER + 4) {
                    int ack = p.getInt(Packets.HEADER) & SeqNo.MAX;
                    if (p.limit() >= Packets.HEADER + 8) rttMicros = p.getInt(Packets.HEADER + 4);
                    releaseUpTo(ack, false);
                    write(Packets.ackAck(out, Packets.typeInfo(p), timestamp(), peerId));
                }
            }
            case Packets.NAK -> {
                for (int i = Packets.HEADER; i + 4 <= p.limit(); i += 4) {
                    int v = p.getInt(i);
                    if ((v & 0x80000000) != 0 && i + 8 <= p.limit()) {
                        int first = v & SeqNo.MAX;
                        int last = p.getInt(i + 4) & SeqNo.MAX;
                        i += 4;
                        for (int s = first, n = 0; SeqNo.diff(s, last) >= 0 && n < BUFFER; s = SeqNo.next(s), n++) retransmit(s);
                    } else {
                        retransmit(v & SeqNo.MAX);
                    }
                }
            }
            case Packets.SHUTDOWN -> closeBy(ConnectionState.PEER_CLOSED, false);
            case Packets.USER -> {
                if (Packets.subtype(p) == Handshake.CMD_KMRSP) pendingKmreq = null; // the receiver has the new key
            }
            default -> { }
        }
    }

    private void retransmit(int seq) {
        nakked++;
        int offset = SeqNo.diff(oldestUnacked, seq);
        if (offset < 0 || SeqNo.diff(seq, nextSeq) <= 0) return;
        byte[] packet = buffer[Math.floorMod(seq, BUFFER)];
        if (packet == null) return;
        packet[4] |= 0x04; // R: retransmitted
        retransmitted++;
        write(ByteBuffer.wrap(packet));
    }

    private void releaseUpTo(int ack, boolean drop) {
        while (SeqNo.diff(oldestUnacked, ack) > 0 && SeqNo.diff(oldestUnacked, nextSeq) > 0) {
            int slot = Math.floorMod(oldestUnacked, BUFFER);
            if (buffer[slot] != null) {
                if (drop) dropped++; else acked++;
            }
            buffer[slot] = null;
            oldestUnacked = SeqNo.next(oldestUnacked);
        }
    }

    private synchronized void tick() {
        if (!state.isOpen()) return;
        long now = System.nanoTime();
        String idle = state.idleReason(now);
        if (idle != null) {
            closeBy(idle, false);
            return;
        }
        // give up on packets the receiver can no longer use (older than latency + 1 s, as libsrt)
        long horizon = now - latencyNanos - 1_000_000_000L;
        while (SeqNo.diff(oldestUnacked, nextSeq) > 0) {
            int slot = Math.floorMod(oldestUnacked, BUFFER);
            if (buffer[slot] != null && sentAt[slot] > horizon) break;
            if (buffer[slot] != null) dropped++;
            buffer[slot] = null;
            oldestUnacked = SeqNo.next(oldestUnacked);
        }
        if (pendingKmreq != null && now - kmreqSentAt > 500_000_000L) sendKmreq();
        // Tail loss: when the last packets were lost, no later packet reveals the gap to the receiver, so
        // no NAK comes. If the source has paused and packets stay unacknowledged, send them again.
        long quiet = Math.max(50_000_000L, 2 * rttMicros * 1000);
        if (SeqNo.diff(oldestUnacked, nextSeq) > 0 && now - lastSent > quiet && now - lastTailRetransmit > quiet) {
            lastTailRetransmit = now;
            int n = 0;
            for (int s = oldestUnacked; SeqNo.diff(s, nextSeq) > 0 && n < 64; s = SeqNo.next(s), n++) retransmit(s);
        }
        if (now - lastSent > 1_000_000_000L) write(Packets.keepalive(out, timestamp(), peerId));
    }

    private void write(ByteBuffer packet) {
        try {
            channel.write(packet);
            lastSent = System.nanoTime();
        } catch (IOException e) {
            LOG.debug("SRT send failed: {}", e.toString());
        }
    }

    public synchronized SrtSenderStats stats() {
        return new SrtSenderStats(sent, bytes, nakked, retransmitted, dropped, acked, rttMicros, (int) (latencyNanos / 1_000_000), keyRefreshes);
    }

    public boolean isOpen() {
        return state.isOpen();
    }

    public Optional<String> closeReason() {
        return state.closeReason();
    }

    public void close() {
        closeBy(ConnectionState.CLOSED_LOCALLY, true);
    }

    private synchronized void closeBy(String reason, boolean tellPeer) {
        if (!state.isOpen()) return;
        if (tellPeer) write(Packets.shutdown(out, timestamp(), peerId));
        state.close(reason);
        if (tickTask != null) {
            SharedTimer.cancel(tickTask);
            tickTask = null;
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}

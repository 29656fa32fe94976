package gateway.lib.rtc.internal;

import gateway.lib.rtc.HandshakeStats;
import gateway.lib.rtc.PeerEnd;
import gateway.lib.rtc.PeerListener;
import gateway.lib.rtc.RtcPeer;
import gateway.lib.rtc.RtcTransport;
import gateway.lib.rtc.RtcTransportOptions;
import gateway.lib.rtc.TransportStats;
import gateway.lib.rtc.internal.dtls.DtlsFraming;
import gateway.lib.rtc.internal.dtls.DtlsIdentity;
import gateway.lib.rtc.internal.dtls.HandshakeGate;
import gateway.lib.rtc.internal.ice.IceCredentials;
import gateway.lib.rtc.internal.ice.TransactionId;
import gateway.lib.rtc.internal.rtp.Rtp;
import gateway.lib.rtc.internal.stun.StunMessage;
import gateway.lib.rtc.internal.stun.StunWriter;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transport's machinery: the UDP socket, one receive thread that demultiplexes datagrams (RFC 7983: STUN by
 * ICE username, DTLS and SRTP by validated remote address) and runs every peer's timers, and the peers' tables.
 * Controlling peers have sockets of their own, served by the same thread.
 */
public final class RtcEngine implements RtcTransport {
    private static final Logger LOG = LoggerFactory.getLogger(RtcEngine.class);
    static final long TICK_NANOS = 20_000_000L;
    /** Socket buffers: the receive side absorbs bursts while the thread is not scheduled; the send side a packet to every listener at once. */
    static final int SOCKET_BUFFER = 4 << 20;
    static final int MAX_DATAGRAM = 2048;

    private final RtcTransportOptions options;
    private final DtlsIdentity identity = DtlsIdentity.generate();
    private final DatagramChannel channel;
    private final Selector selector;
    private final List<InetSocketAddress> candidates;
    private final Map<String, Peer> byUfrag = new ConcurrentHashMap<>();
    private final Map<InetSocketAddress, Peer> byAddress = new ConcurrentHashMap<>();
    private final Map<TransactionId, Peer> transactions = new ConcurrentHashMap<>();
    private final Map<Peer, Boolean> peers = new ConcurrentHashMap<>();
    private final Queue<Peer> toRegister = new ConcurrentLinkedQueue<>();
    private final Thread receiver;
    /** What the receive thread sends (STUN answers, ICE checks, RTCP), so that it never waits for a socket's send lock. */
    private final Outbox outbox;
    /** DTLS handshakes compute on half of the cores at most, so forwarding to the peers that play keeps the rest. */
    private final HandshakeGate handshakes = HandshakeGate.forThisMachine();
    private volatile boolean open = true;

    // the receive thread's own
    private final byte[] in = new byte[MAX_DATAGRAM];
    private final ByteBuffer inBuffer = ByteBuffer.wrap(in);
    private final byte[] reply = new byte[512];
    private final StunWriter replies = new StunWriter(reply);
    private final CRC32 crc = new CRC32();

    private final AtomicLong datagrams = new AtomicLong();
    private final AtomicLong stunRequests = new AtomicLong();
    private final AtomicLong stunRejected = new AtomicLong();
    private final AtomicLong unknownSource = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();
    private final AtomicLong dtlsDropped = new AtomicLong();
    private final AtomicLong dtlsFailures = new AtomicLong();
    private final AtomicLong srtpRejected = new AtomicLong();
    private final AtomicLong peersOpened = new AtomicLong();
    private final AtomicLong peersConnected = new AtomicLong();
    private final AtomicLong internalErrors = new AtomicLong();
    private final AtomicLong sendFailures = new AtomicLong();
    /** The receive buffer the kernel granted, as the JDK reports it (Linux caps it at net.core.rmem_max). */
    private final int receiveBuffer;

    private RtcEngine(RtcTransportOptions options, DatagramChannel channel, Selector selector) throws IOException {
        this.options = options;
        this.channel = channel;
        this.selector = selector;
        InetSocketAddress bound = (InetSocketAddress) channel.getLocalAddress();
        this.candidates = HostCandidates.of(options.candidates(), bound);
        this.receiver = Thread.ofPlatform().name("rtc-receive-" + bound.getPort()).daemon().unstarted(this::receiveLoop);
        this.outbox = new Outbox("rtc-reply-" + bound.getPort(), sendFailures);
        this.receiveBuffer = channel.getOption(StandardSocketOptions.SO_RCVBUF);
    }

    public static RtcEngine open(RtcTransportOptions options) throws IOException {
        DatagramChannel ch = DatagramChannel.open();
        Selector sel = null;
        try {
            configure(ch);
            ch.bind(options.bind());
            sel = Selector.open();
            ch.register(sel, SelectionKey.OP_READ);
            RtcEngine engine = new RtcEngine(options, ch, sel);
            engine.outbox.start();
            engine.receiver.start();
            LOG.info("WebRTC transport listening on udp {} (candidates {}, DTLS fingerprint {}, receive buffer {} KiB)", ch.getLocalAddress(),
                    engine.candidates, engine.identity.fingerprint(), engine.receiveBuffer / 1024);
            if (engine.receiveBuffer < SOCKET_BUFFER) {
                LOG.warn("WebRTC transport on udp {}: the kernel granted a receive buffer of {} KiB of the {} KiB asked for (net.core.rmem_max); "
                        + "a busy transport may lose datagrams in bursts", ch.getLocalAddress(), engine.receiveBuffer / 1024, SOCKET_BUFFER / 1024);
            }
            return engine;
        } catch (IOException | RuntimeException e) {
            ch.close();
            if (sel != null) sel.close();
            throw e;
        }
    }

    private static void configure(DatagramChannel ch) throws IOException {
        ch.setOption(StandardSocketOptions.SO_RCVBUF, SOCKET_BUFFER);
        ch.setOption(StandardSocketOptions.SO_SNDBUF, SOCKET_BUFFER);
        ch.configureBlocking(false);
    }

    RtcTransportOptions options() {
        return options;
    }

    DtlsIdentity identity() {
        return identity;
    }

    HandshakeGate handshakes() {
        return handshakes;
    }

    @Override
    public InetSocketAddress localAddress() {
        try {
            return (InetSocketAddress) channel.getLocalAddress();
        } catch (IOException e) {
            throw new IllegalStateException("the transport is closed", e);
        }
    }

    @Override
    public List<InetSocketAddress> candidates() {
        return candidates;
    }

    @Override
    public String fingerprint() {
        return identity.fingerprint();
    }

    @Override
    public RtcPeer newPeer(PeerListener listener) {
        Peer p;
        synchronized (peers) {
            admit();
            p = new Peer(this, listener, false, uniqueUfrag(), null, candidates);
            peers.put(p, Boolean.TRUE);
        }
        byUfrag.put(p.id(), p);
        peersOpened.incrementAndGet();
        return p;
    }

    @Override
    public RtcPeer newControllingPeer(PeerListener listener) {
        DatagramChannel own;
        List<InetSocketAddress> ownCandidates = new ArrayList<>();
        try {
            own = DatagramChannel.open();
            configure(own);
            own.bind(new InetSocketAddress(options.bind().getAddress(), 0));
            int port = ((InetSocketAddress) own.getLocalAddress()).getPort();
            for (InetSocketAddress c : candidates) ownCandidates.add(new InetSocketAddress(c.getAddress(), port));
        } catch (IOException e) {
            throw new IllegalStateException("cannot open a socket for the peer: " + e.getMessage(), e);
        }
        Peer p;
        synchronized (peers) {
            try {
                admit();
            } catch (IllegalStateException e) {
                closeQuietly(own);
                throw e;
            }
            p = new Peer(this, listener, true, uniqueUfrag(), own, ownCandidates);
            peers.put(p, Boolean.TRUE);
        }
        byUfrag.put(p.id(), p);
        peersOpened.incrementAndGet();
        toRegister.add(p);
        selector.wakeup();
        return p;
    }

    private void admit() {
        if (!open) throw new IllegalStateException("the transport is closed");
        if (peers.size() >= options.maxPeers()) throw new IllegalStateException("the transport has " + options.maxPeers() + " peers, its limit");
    }

    private String uniqueUfrag() {
        String u;
        do {
            u = IceCredentials.ufrag();
        } while (byUfrag.containsKey(u));
        return u;
    }

    @Override
    public List<RtcPeer> peers() {
        return List.copyOf(peers.keySet());
    }

    @Override
    public TransportStats stats() {
        return new TransportStats(datagrams.get(), stunRequests.get(), stunRejected.get(), unknownSource.get(), malformed.get(),
                dtlsDropped.get(), dtlsFailures.get(), srtpRejected.get(), peersOpened.get(), peersConnected.get(), peers.size(),
                internalErrors.get());
    }

    @Override
    public long sendFailures() {
        return sendFailures.get();
    }

    @Override
    public void holdHandshakesWhile(BooleanSupplier behind) {
        handshakes.holdWhile(behind);
    }

    @Override
    public HandshakeStats handshakeStats() {
        return new HandshakeStats(handshakes.waiting(), handshakes.holding(), handshakes.holds(), handshakes.heldNanos(System.nanoTime()),
                handshakes.overrides());
    }

    /** @return the socket receive buffer the kernel granted, in bytes (as the kernel reports it) */
    public int receiveBuffer() {
        return receiveBuffer;
    }

    /** @return whether the receive thread runs */
    public boolean receiving() {
        return receiver.isAlive();
    }

    @Override
    public void close() {
        if (!open) return;
        open = false;
        for (Peer p : List.copyOf(peers.keySet())) p.end(PeerEnd.TRANSPORT_CLOSED, "the WebRTC transport closed");
        selector.wakeup();
        try {
            receiver.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        outbox.close();
        closeQuietly(channel);
        try {
            selector.close();
        } catch (IOException ignored) {
            // closing
        }
    }

    // ---------------------------------------------------------------- called by peers

    /** An address passed an ICE check for this peer: its DTLS and SRTP datagrams go to it from now on. */
    void bind(InetSocketAddress from, Peer peer) {
        if (peer.channel() == null) byAddress.put(from, peer);
    }

    /** A peer ended: it leaves every table, and a controlling peer's socket closes. */
    void forget(Peer peer) {
        peers.remove(peer);
        byUfrag.remove(peer.id(), peer);
        for (InetSocketAddress a : peer.validated()) byAddress.remove(a, peer);
        transactions.values().removeIf(p -> p == peer);
    }

    /** A controlling peer's own socket closes (after its last DTLS record). */
    void closeSocket(Peer peer) {
        if (peer.channel() != null) closeQuietly(peer.channel());
    }

    void sendCheck(Peer peer, byte[] buf, int len, InetSocketAddress to, TransactionId id) {
        transactions.put(id, peer);
        if (transactions.size() > 64 * Math.max(1, peers.size())) transactions.clear(); // unanswered checks must not pile up
        outbox.add(peer.channel() != null ? peer.channel() : channel, buf, 0, len, to);
    }

    /** Sends from the receive thread (RTCP reports): queued for the outbox's thread, see {@link Outbox}. */
    void sendLater(Peer peer, byte[] buf, int off, int len, InetSocketAddress to) {
        outbox.add(peer.channel() != null ? peer.channel() : channel, buf, off, len, to);
    }

    /**
     * Sends a datagram on the peer's socket (the transport's, for ICE-lite peers). Non-blocking: a datagram the
     * socket cannot take is dropped and counted, as the network would drop it.
     *
     * @return whether it was sent
     */
    boolean send(Peer peer, ByteBuffer datagram, InetSocketAddress to) {
        DatagramChannel ch = peer.channel() != null ? peer.channel() : channel;
        try {
            if (ch.send(datagram, to) > 0) return true;
        } catch (IOException e) {
            if (open) LOG.debug("WebRTC transport could not send to {}: {}", to, e.toString());
        }
        sendFailures.incrementAndGet();
        return false;
    }

    void countStunRejected() {
        stunRejected.incrementAndGet();
    }

    void countDtlsDropped() {
        dtlsDropped.incrementAndGet();
    }

    void countDtlsFailure() {
        dtlsFailures.incrementAndGet();
    }

    void countSrtpRejected() {
        srtpRejected.incrementAndGet();
    }

    void countConnected() {
        peersConnected.incrementAndGet();
    }

    // ---------------------------------------------------------------- the receive thread

    private void receiveLoop() {
        long nextTick = System.nanoTime() + TICK_NANOS;
        ReceiveStalls stalls = new ReceiveStalls(receiver.getName());
        try {
            while (open) {
                long before = System.nanoTime();
                long wait = nextTick - before;
                long asked = 0;
                if (wait > 0) {
                    asked = Math.max(1, (wait + 999_999) / 1_000_000);
                    selector.select(asked);
                }
                long woke = System.nanoTime();
                registerPending();
                int received = 0;
                for (SelectionKey key : selector.selectedKeys()) received += drainIfReadable(key);
                selector.selectedKeys().clear();
                long now = System.nanoTime();
                long handled = now;
                if (now - nextTick >= 0) {
                    tick(now);
                    nextTick = now - nextTick > TICK_NANOS ? now + TICK_NANOS : nextTick + TICK_NANOS;
                    handled = System.nanoTime();
                }
                stalls.pass(woke - before - asked * 1_000_000, now - woke, received, handled - now);
            }
        } catch (ClosedSelectorException e) {
            // closed
        } catch (IOException | RuntimeException e) {
            if (open) LOG.error("WebRTC transport on {} stopped receiving: {}", channel, e.toString(), e);
        }
    }

    private void registerPending() {
        Peer p;
        while ((p = toRegister.poll()) != null) {
            try {
                if (p.channel().isOpen()) p.channel().register(selector, SelectionKey.OP_READ, p);
            } catch (ClosedChannelException e) {
                // the peer ended meanwhile
            }
        }
    }

    /**
     * @return the datagrams received from the key's socket; none when the key was cancelled, even while this looks at
     *         it: a peer with a socket of its own closes it from its own thread
     */
    private int drainIfReadable(SelectionKey key) {
        try {
            return key.isReadable() ? drain((DatagramChannel) key.channel(), (Peer) key.attachment()) : 0;
        } catch (CancelledKeyException closed) {
            return 0;
        }
    }

    /** @return the datagrams received */
    private int drain(DatagramChannel ch, Peer owner) {
        // everything queued, but not so much that a flood could hold up the timers for long
        int i = 0;
        for (; i < 4096 && open; i++) {
            InetSocketAddress from;
            inBuffer.clear();
            try {
                from = (InetSocketAddress) ch.receive(inBuffer);
            } catch (IOException e) {
                return i; // a closed peer socket, or an ICMP error reported on the socket
            }
            if (from == null) return i;
            datagrams.incrementAndGet();
            try {
                handle(ch, owner, inBuffer.position(), from, System.nanoTime());
            } catch (RuntimeException e) {
                internalErrors.incrementAndGet();
                LOG.warn("WebRTC transport failed on a datagram from {}: {}", from, e.toString(), e);
            }
        }
        return i;
    }

    /** RFC 7983: the first byte tells STUN (0–3), DTLS (20–63) and RTP/RTCP (128–191) apart. */
    void handle(DatagramChannel ch, Peer owner, int len, InetSocketAddress from, long now) {
        if (len < 1) {
            malformed.incrementAndGet();
            return;
        }
        int first = in[0] & 0xFF;
        if (first < 4) {
            stun(ch, owner, len, from, now);
        } else if (first >= 20 && first <= 63) {
            Peer p = source(owner, from);
            if (p == null) {
                unknownSource.incrementAndGet();
            } else if (!DtlsFraming.wellFramed(in, 0, len)) {
                malformed.incrementAndGet();
            } else {
                p.onDtls(in, 0, len);
            }
        } else if (first >= 128 && first <= 191) {
            Peer p = source(owner, from);
            if (p == null) unknownSource.incrementAndGet(); else p.onSrtp(in, 0, len, Rtp.isRtcp(in, 0, len), now);
        } else {
            malformed.incrementAndGet();
        }
    }

    private Peer source(Peer owner, InetSocketAddress from) {
        if (owner != null) return owner.validated().contains(from) ? owner : null;
        return byAddress.get(from);
    }

    private void stun(DatagramChannel ch, Peer owner, int len, InetSocketAddress from, long now) {
        StunMessage m = StunMessage.parse(in, 0, len);
        if (m == null || (m.hasFingerprint() && !m.fingerprintValid(crc))) {
            stunRejected.incrementAndGet();
            return;
        }
        int type = m.type();
        if (type == StunMessage.BINDING_SUCCESS || type == StunMessage.BINDING_ERROR) {
            Peer p = transactions.remove(TransactionId.of(in, 8));
            if (p == null || (owner != null && p != owner)) {
                stunRejected.incrementAndGet();
                return;
            }
            p.onBindingResponse(m, from, now);
            return;
        }
        if (type != StunMessage.BINDING_REQUEST) return; // indications (keepalives) need nothing
        String username = m.username();
        if (username == null || !m.hasIntegrity()) {
            refuse(ch, m, from, 400, "Bad Request");
            return;
        }
        int colon = username.indexOf(':');
        String local = colon < 0 ? username : username.substring(0, colon);
        Peer p = owner != null ? owner : byUfrag.get(local);
        if (p == null || !p.id().equals(local) || !m.integrityValid(p.localIntegrity())) {
            refuse(ch, m, from, 401, "Unauthenticated");
            return;
        }
        int[] unknown = m.unknownRequired();
        if (unknown.length > 0) {
            stunRejected.incrementAndGet();
            replies.start(StunMessage.BINDING_ERROR, m.transactionId()).errorCode(420, "Unknown Attribute").unknownAttributes(unknown)
                    .integrity(p.localIntegrity()).fingerprint(crc);
            sendReply(ch, from);
            return;
        }
        if (!p.onBindingRequest(m, from, now)) return;
        replies.start(StunMessage.BINDING_SUCCESS, m.transactionId()).xorMappedAddress(from).integrity(p.localIntegrity()).fingerprint(crc);
        sendReply(ch, from);
        stunRequests.incrementAndGet();
    }

    /** An error answer without MESSAGE-INTEGRITY (there is no key the sender is known to share). */
    private void refuse(DatagramChannel ch, StunMessage m, InetSocketAddress from, int code, String reason) {
        stunRejected.incrementAndGet();
        replies.start(StunMessage.BINDING_ERROR, m.transactionId()).errorCode(code, reason).fingerprint(crc);
        sendReply(ch, from);
    }

    private void sendReply(DatagramChannel ch, InetSocketAddress to) {
        outbox.add(ch, reply, 0, replies.length(), to);
    }

    private void tick(long now) {
        handshakes.recheck(now); // a hold may be over
        for (Peer p : peers.keySet()) {
            try {
                p.tick(now);
            } catch (RuntimeException e) {
                internalErrors.incrementAndGet();
                LOG.warn("WebRTC peer {} failed in its timer: {}", p.id(), e.toString(), e);
                p.end(PeerEnd.CLOSED, "internal error: " + e);
            }
        }
    }

    private static void closeQuietly(DatagramChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }
}

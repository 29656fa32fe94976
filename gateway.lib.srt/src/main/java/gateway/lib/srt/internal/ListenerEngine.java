package gateway.lib.srt.internal;

import gateway.lib.srt.AccessControl;
import gateway.lib.srt.AccessDecision;
import gateway.lib.srt.ConnectionRequest;
import gateway.lib.srt.RejectReason;
import gateway.lib.srt.SrtConnection;
import gateway.lib.srt.SrtListenerOptions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listener's machinery: one UDP socket, a receive thread that demultiplexes datagrams by
 * destination socket id, the handshake (induction with a SYN cookie, conclusion with access control
 * and key material), and every connection's tick, all on that one thread.
 *
 * <p>One thread, not a receive thread and a timer thread: both took each connection's lock, and on a
 * busy machine the receive thread waited up to 79 ms (JFR, 500 streams) for a timer thread that had been
 * preempted while holding one, while the socket buffer overflowed.
 */
public final class ListenerEngine {
    private static final Logger LOG = LoggerFactory.getLogger(ListenerEngine.class);
    static final long TICK_NANOS = 5_000_000;
    static final int MAX_CACHED_RESPONSES = 10_000;
    static final int MAX_CACHED_REJECTIONS = 1_024;
    /**
     * The UDP socket's receive buffer: all connections share it, and it must absorb every datagram that
     * arrives while the receive thread is not scheduled (a busy machine, a GC pause). 500 audio streams
     * bring about 50 000 datagrams a second (data and ACKACKs), each taking about 1 KB of kernel memory
     * on loopback, so 1 MB (2 MB as Linux counts it) lasted about 40 ms. The kernel caps the request at
     * net.core.rmem_max (and doubles it).
     */
    static final int SOCKET_RECEIVE_BUFFER = 8 << 20;
    private static final java.util.concurrent.atomic.AtomicBoolean smallBufferReported = new java.util.concurrent.atomic.AtomicBoolean();

    private final SrtListenerOptions options;
    private final AccessControl access;
    private final DatagramChannel channel;
    private final int listenerId;
    private final long cookieSecret;
    private final SecureRandom random = new SecureRandom();
    private final Map<Integer, ReceiveConnection> connections = new ConcurrentHashMap<>();
    /** Conclusion responses already sent, keyed by caller address and socket id, for repeated conclusions. */
    private final Map<String, byte[]> responses = new ConcurrentHashMap<>();
    /**
     * Rejections already sent, keyed like {@link #responses}: a caller that repeats its conclusion (its timer fired
     * before our answer arrived) gets the same rejection, and the access control decides and counts it once. Only
     * the same conclusion again (same handshake body) gets it; a different one is decided afresh. The most recent
     * {@value #MAX_CACHED_REJECTIONS} are kept.
     */
    private final Map<String, Rejection> rejections = Collections.synchronizedMap(
            new LinkedHashMap<>(64, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Rejection> eldest) {
                    return size() > MAX_CACHED_REJECTIONS;
                }
            });
    private final LinkedBlockingQueue<ReceiveConnection> acceptQueue;
    private final Thread receiver;
    private volatile Selector selector;
    private final AtomicLong malformed = new AtomicLong();
    /** Datagrams the receive loop has handled (dispatched, or dropped as malformed). */
    private final AtomicLong datagrams = new AtomicLong();
    /** Datagrams whose handling threw: a bug (malformed input is rejected without an exception). */
    private final AtomicLong internalErrors = new AtomicLong();
    private final ByteBuffer out = ByteBuffer.allocate(1500);
    private volatile boolean open = true;

    private ListenerEngine(SrtListenerOptions options, AccessControl access, DatagramChannel channel) {
        this.options = options;
        this.access = access;
        this.channel = channel;
        this.listenerId = 1 + random.nextInt(0x3FFFFFFE);
        this.cookieSecret = random.nextLong();
        this.acceptQueue = new LinkedBlockingQueue<>(Math.max(1, options.backlog()));
        int port = localAddress().getPort();
        this.receiver = Thread.ofPlatform().name("srt-listener-" + port).daemon().unstarted(this::receiveLoop);
    }

    public static ListenerEngine start(SrtListenerOptions options, AccessControl access) throws IOException {
        DatagramChannel ch = DatagramChannel.open();
        try {
            ch.setOption(java.net.StandardSocketOptions.SO_RCVBUF, SOCKET_RECEIVE_BUFFER);
            ch.bind(options.bind());
            int granted = ch.getOption(java.net.StandardSocketOptions.SO_RCVBUF);
            if (granted < 1 << 20 && !smallBufferReported.getAndSet(true)) {
                LOG.info("SRT listener socket receive buffer is {} KB, not the {} KB asked for (raise net.core.rmem_max): "
                        + "many streams may lose packets when the receive thread is briefly starved", granted / 1024,
                        SOCKET_RECEIVE_BUFFER / 1024);
            }
        } catch (IOException e) {
            ch.close();
            throw e;
        }
        ListenerEngine engine = new ListenerEngine(options, access, ch);
        engine.receiver.start();
        return engine;
    }

    public SrtConnection accept(Duration timeout) throws InterruptedException {
        return acceptQueue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    public InetSocketAddress localAddress() {
        try {
            return (InetSocketAddress) channel.getLocalAddress();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public int connectionCount() {
        return connections.size();
    }

    public long malformed() {
        return malformed.get();
    }

    /** @return datagrams the receive loop has handled so far */
    public long datagrams() {
        return datagrams.get();
    }

    /** @return datagrams whose handling threw an exception (a bug; malformed input is dropped without one) */
    public long internalErrors() {
        return internalErrors.get();
    }

    /** @return whether the receive thread is running */
    public boolean receiving() {
        return receiver.isAlive();
    }

    /** @return the socket ids of the connections open now */
    java.util.Set<Integer> connectionIds() {
        return java.util.Set.copyOf(connections.keySet());
    }

    /** @return conclusion responses kept for repeated conclusions (one per open connection) */
    int cachedResponses() {
        return responses.size();
    }

    /** @return the cookie an induction from {@code from} gets now (conclusions must carry it) */
    int cookieFor(InetSocketAddress from) {
        return cookie(from, bucket());
    }

    public void close() {
        if (!open) return;
        open = false;
        for (ReceiveConnection c : connections.values()) c.closeBy(ConnectionState.LISTENER_CLOSED, true);
        Selector sel = selector;
        if (sel != null) sel.wakeup();
        try {
            channel.close();
            receiver.join(2_000);
        } catch (IOException | InterruptedException e) {
            LOG.debug("closing SRT listener: {}", e.toString());
        }
    }

    private void tick(long now) {
        for (ReceiveConnection c : connections.values()) {
            try {
                c.tick(now);
            } catch (RuntimeException e) {
                LOG.warn("SRT connection {} failed in its timer: {}", c.localId, e.toString());
                c.closeBy("internal error: " + e, true);
            }
        }
    }

    private void receiveLoop() {
        ByteBuffer buf = ByteBuffer.allocate(2048);
        try (Selector sel = Selector.open()) {
            channel.configureBlocking(false);
            channel.register(sel, SelectionKey.OP_READ);
            selector = sel;
            long nextTick = System.nanoTime() + TICK_NANOS;
            while (open) {
                long wait = nextTick - System.nanoTime();
                if (wait > 0) sel.select(Math.max(1, (wait + 999_999) / 1_000_000));
                sel.selectedKeys().clear();
                // Everything queued, but not so much that a flood could hold up the ticks for long.
                for (int i = 0; i < 4096 && open && receiveOne(buf); i++) { }
                long now = System.nanoTime();
                if (now - nextTick >= 0) {
                    tick(now);
                    // after a stall, tick once and go on from now rather than catching up tick by tick
                    nextTick = now - nextTick > TICK_NANOS ? now + TICK_NANOS : nextTick + TICK_NANOS;
                }
            }
        } catch (ClosedChannelException | ClosedSelectorException e) {
            // closed
        } catch (IOException e) {
            if (open) LOG.error("SRT listener on {} stopped receiving: {}", channel, e.toString());
        } finally {
            selector = null;
        }
    }

    /** Receives and handles one datagram; false when none was waiting. */
    private boolean receiveOne(ByteBuffer buf) throws ClosedChannelException {
        buf.clear();
        SocketAddress from;
        try {
            from = channel.receive(buf);
        } catch (ClosedChannelException e) {
            throw e;
        } catch (IOException e) {
            if (open) LOG.debug("SRT receive failed: {}", e.toString());
            return true;
        }
        if (from == null) return false;
        buf.flip();
        try {
            dispatch(buf, (InetSocketAddress) from, System.nanoTime());
        } catch (RuntimeException e) {
            // A datagram must never end the loop; but the parsers reject malformed input without
            // throwing, so this is a bug: counted apart, and logged.
            malformed.incrementAndGet();
            internalErrors.incrementAndGet();
            LOG.warn("SRT datagram from {} dropped after an internal error", from, e);
        }
        datagrams.incrementAndGet();
        return true;
    }

    private void dispatch(ByteBuffer p, InetSocketAddress from, long now) {
        if (p.limit() < Packets.HEADER) {
            malformed.incrementAndGet();
            return;
        }
        int dest = Packets.destination(p);
        if (dest == 0) {
            if (Packets.isControl(p) && Packets.controlType(p) == Packets.HANDSHAKE) handshake(p, from, now);
            else malformed.incrementAndGet();
            return;
        }
        ReceiveConnection c = connections.get(dest);
        if (c == null || !c.peer().equals(from)) {
            malformed.incrementAndGet();
            return;
        }
        c.onPacket(p, now);
    }

    private void handshake(ByteBuffer p, InetSocketAddress from, long now) {
        Handshake h = Handshake.parse(p);
        if (h == null) {
            malformed.incrementAndGet();
            return;
        }
        if (h.type == Handshake.INDUCTION) {
            send(HandshakeExchange.inductionResponse(h, from, listenerId, cookie(from, bucket())).write(out, 0, h.socketId), from);
        } else if (h.type == Handshake.CONCLUSION) {
            conclusion(h, from, bodyHash(p));
        }
    }

    /** @return the bytes between the buffer's position and limit, which stay as they are */
    private static byte[] copyOf(ByteBuffer b) {
        byte[] bytes = new byte[b.remaining()];
        b.duplicate().get(bytes);
        return bytes;
    }

    /** A rejection sent, with the hash of the conclusion's handshake body it answered. */
    private record Rejection(int conclusionHash, byte[] bytes) {
    }

    /** @return a hash of the handshake body (the packet after its header, whose timestamp changes on a repeat) */
    private static int bodyHash(ByteBuffer p) {
        CRC32 crc = new CRC32();
        crc.update(p.duplicate().position(Packets.HEADER));
        return (int) crc.getValue();
    }

    private void conclusion(Handshake h, InetSocketAddress from, int conclusionHash) {
        String key = from + "/" + h.socketId;
        byte[] cached = responses.get(key);
        Rejection rejected = cached == null ? rejections.get(key) : null;
        if (rejected != null && rejected.conclusionHash() == conclusionHash) cached = rejected.bytes();
        if (cached != null) {
            send(ByteBuffer.wrap(cached), from);
            return;
        }
        long bucket = bucket();
        if (h.cookie != cookie(from, bucket) && h.cookie != cookie(from, bucket - 1)) {
            malformed.incrementAndGet(); // no induction from this address: a spoofed or stale conclusion
            return;
        }
        if (!open) { reject(h, from, RejectReason.CLOSE, conclusionHash); return; }
        CallerConclusion caller = CallerConclusion.read(h);
        if (caller == null) { reject(h, from, RejectReason.ROGUE, conclusionHash); return; }
        KeyMaterial km = caller.keyMaterial();
        ConnectionRequest request = new ConnectionRequest(from, caller.streamId(), km != null);

        AccessDecision decision;
        try {
            decision = access.decide(request);
        } catch (RuntimeException e) {
            LOG.warn("SRT access control failed for {}: {}", from, e.toString());
            decision = AccessDecision.reject(RejectReason.PEER);
        }
        if (decision == null || !decision.accept()) {
            reject(h, from, decision == null || decision.reject() == null ? RejectReason.PEER : decision.reject(), conclusionHash);
            return;
        }
        int index = -1;
        byte[][] sek = null;
        if (decision.passphrases().isEmpty()) {
            if (km != null) { refuseAccepted(h, request, RejectReason.UNSECURE, conclusionHash); return; }
        } else {
            if (km == null) { refuseAccepted(h, request, RejectReason.UNSECURE, conclusionHash); return; }
            for (int i = 0; i < decision.passphrases().size() && sek == null; i++) {
                sek = km.unwrap(decision.passphrases().get(i));
                if (sek != null) index = i;
            }
            // libsrt's listener would answer BADSECRET here; this one has always answered UNSECURE
            if (sek == null) { refuseAccepted(h, request, RejectReason.UNSECURE, conclusionHash); return; }
        }
        if (connections.size() >= options.maxConnections() || acceptQueue.remainingCapacity() == 0
                || responses.size() >= MAX_CACHED_RESPONSES) {
            refuseAccepted(h, request, RejectReason.RESOURCE, conclusionHash);
            return;
        }

        int latencyMs = Math.max((int) options.latency().toMillis(), caller.options().senderDelayMillis());
        int localId;
        do {
            localId = 1 + random.nextInt(0x3FFFFFFE);
        } while (localId == listenerId || connections.containsKey(localId));
        final int id = localId;
        ReceiveConnection conn = new ReceiveConnection(this::send, from, id, h.socketId, h.initialSeq, caller.streamId(), index,
                index >= 0 ? decision.passphrases().get(index) : null, sek, km == null ? null : km.salt(),
                Duration.ofMillis(latencyMs), options.peerIdleTimeout(), Math.max(32, options.receiveBuffer()),
                () -> {
                    connections.remove(id);
                    responses.remove(key);
                });

        Handshake r = HandshakeExchange.conclusionResponse(h, from, id,
                HandshakeOptions.live(latencyMs, caller.options().receiverDelayMillis()), km, caller.kmRequest());
        ByteBuffer response = r.write(ByteBuffer.allocate(1500), 0, h.socketId);
        byte[] bytes = copyOf(response);
        responses.put(key, bytes);
        connections.put(id, conn);
        acceptQueue.offer(conn);
        send(response, from);
        LOG.debug("SRT connection {} from {} accepted (stream id '{}', latency {} ms, {})", id, from, caller.streamId(), latencyMs,
                km == null ? "unencrypted" : "AES-" + km.keyLength() * 8);
    }

    /** Refuses a caller the access control had accepted, and tells the access control. */
    private void refuseAccepted(Handshake h, ConnectionRequest request, RejectReason reason, int conclusionHash) {
        reject(h, request.peer(), reason, conclusionHash);
        try {
            access.refused(request, reason);
        } catch (RuntimeException e) {
            LOG.warn("SRT access control failed on the refusal of {}: {}", request.peer(), e.toString());
        }
    }

    private void reject(Handshake h, InetSocketAddress from, RejectReason reason, int conclusionHash) {
        ByteBuffer rejection = HandshakeExchange.rejection(h, from, listenerId, reason).write(out, 0, h.socketId);
        rejections.put(from + "/" + h.socketId, new Rejection(conclusionHash, copyOf(rejection)));
        send(rejection, from);
        LOG.debug("SRT caller {} refused: {}", from, reason);
    }

    /**
     * Sends from the receive thread, and from application threads closing a connection. Not
     * synchronized: the channel serialises concurrent sends itself. The channel does not block: a
     * datagram the socket cannot take now is lost, as on the network (SRT recovers).
     */
    private void send(ByteBuffer packet, InetSocketAddress to) {
        try {
            channel.send(packet, to);
        } catch (IOException e) {
            LOG.debug("SRT send to {} failed: {}", to, e.toString());
        }
    }

    private static long bucket() {
        return System.currentTimeMillis() / 60_000;
    }

    private int cookie(InetSocketAddress from, long bucket) {
        long h = cookieSecret ^ bucket * 0x9E3779B97F4A7C15L;
        for (byte b : from.getAddress().getAddress()) h = (h ^ b) * 0x100000001B3L;
        h = (h ^ from.getPort()) * 0x100000001B3L;
        return (int) (h ^ (h >>> 32));
    }
}

package gateway.lib.rtc.internal;

import gateway.lib.rtc.AudioDirection;
import gateway.lib.rtc.AudioSender;
import gateway.lib.rtc.LocalAudio;
import gateway.lib.rtc.PeerEnd;
import gateway.lib.rtc.PeerListener;
import gateway.lib.rtc.PeerState;
import gateway.lib.rtc.PeerStats;
import gateway.lib.rtc.RtcPeer;
import gateway.lib.rtc.SdpException;
import gateway.lib.rtc.SessionDescription;
import gateway.lib.rtc.SrtpProfile;
import gateway.lib.rtc.internal.dtls.DtlsPolicy;
import gateway.lib.rtc.internal.dtls.DtlsSession;
import gateway.lib.rtc.internal.dtls.SrtpKeyMaterial;
import gateway.lib.rtc.internal.ice.ConnectivityChecks;
import gateway.lib.rtc.internal.ice.IceCredentials;
import gateway.lib.rtc.internal.rtp.Rtcp;
import gateway.lib.rtc.internal.rtp.Rtp;
import gateway.lib.rtc.internal.sdp.LocalParameters;
import gateway.lib.rtc.internal.sdp.Negotiated;
import gateway.lib.rtc.internal.sdp.Negotiation;
import gateway.lib.rtc.internal.srtp.InboundSrtp;
import gateway.lib.rtc.internal.srtp.OutboundSrtp;
import gateway.lib.rtc.internal.stun.StunIntegrity;
import gateway.lib.rtc.internal.stun.StunMessage;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One peer connection: its negotiation, ICE state (answering checks, or sending them when controlling), its DTLS
 * session, SRTP contexts, RTCP reports and timers. The receive thread calls {@link #onBindingRequest},
 * {@link #onDtls}, {@link #onSrtp} and {@link #tick}; the DTLS thread reports through {@link DtlsSession.Events};
 * the application negotiates and closes.
 */
final class Peer implements RtcPeer, DtlsSession.Events {
    private static final Logger LOG = LoggerFactory.getLogger(Peer.class);
    static final long RTCP_INTERVAL_NANOS = 1_000_000_000L;
    /** SRTP packets a DTLS client keeps while it finishes its handshake (a few 20 ms packets are what arrives then). */
    static final int EARLY_PACKETS = 16;

    private final RtcEngine engine;
    private final PeerListener listener;
    private final boolean controlling;
    private final String ufrag;
    private final String pwd = IceCredentials.pwd();
    private final StunIntegrity localIntegrity;
    private final int ssrc = ThreadLocalRandom.current().nextInt(1, Integer.MAX_VALUE);
    private final String cname;
    private final long sessionId = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
    /** A controlling peer's own socket (every client connection needs its own address); null for ICE-lite peers. */
    private final DatagramChannel channel;
    private final List<InetSocketAddress> candidates;

    private final Object lock = new Object();
    private volatile PeerState state = PeerState.NEW;
    private volatile PeerEnd end;
    private LocalAudio audio;
    private boolean offered;
    private volatile Negotiated negotiated;
    private volatile InetSocketAddress selected;
    private final Set<InetSocketAddress> validated = ConcurrentHashMap.newKeySet();
    private volatile long lastConsent;
    private volatile long connectDeadline;
    private volatile boolean iceSucceeded;
    /** Written under the lock; read without it by the receive thread, which must not wait for an application thread. */
    private volatile DtlsSession dtls;
    private volatile SrtpProfile profile;
    private volatile InboundSrtp inbound;
    private volatile OutboundSrtp outbound;
    private volatile PeerAudioSender sender;
    /** The senders of the further audio sections of a multi-section answer ({@link #answer(SessionDescription, LocalAudio, int)}). */
    private volatile List<PeerAudioSender> moreSenders = List.of();
    private volatile ConnectivityChecks checks;

    // the receive thread's own
    /**
     * SRTP that arrived before this side, the DTLS client, had read the server's last flight: the server has its keys
     * and sends as soon as it has sent that flight, so its first packets can overtake the handing of that flight to
     * the DTLS thread. Kept (copies, at most {@link #EARLY_PACKETS}) and handled once the keys are there; null when none.
     */
    private java.util.ArrayDeque<byte[]> early;
    private final ReceiveStatistics receiving = new ReceiveStatistics();
    private final ReceivedRtp view = new ReceivedRtp();
    private final byte[] rtcpBuffer = new byte[1024];
    private volatile long nextRtcp;
    private final Rtcp.Visitor rtcpVisitor = new Rtcp.Visitor() {
        @Override
        public void senderReport(int from, long ntp, long rtpTimestamp, long packets, long octets) {
            receiving.senderReport(ntp, System.nanoTime());
        }

        @Override
        public void reportBlock(int reporter, int source, int fractionLost, int cumulativeLost, long highestSequence, long jitter,
                                long lastSr, long delaySinceLastSr) {
            if (source != ssrc) return;
            remoteLost = cumulativeLost;
            remoteJitter = jitter;
            if (lastSr != 0) {
                long rtt = (Ntp.middle(Ntp.now()) - lastSr - delaySinceLastSr) & 0xFFFFFFFFL;
                if (rtt < 65536L * 60) roundTrip = rtt * 1000 / 65536;
            }
        }
    };

    private volatile long packetsReceived;
    private volatile long bytesReceived;
    private volatile long rtcpReceived;
    private volatile long srtpRejected;
    private volatile long remoteLost = -1;
    private volatile long remoteJitter = -1;
    private volatile long roundTrip = -1;

    Peer(RtcEngine engine, PeerListener listener, boolean controlling, String ufrag, DatagramChannel channel,
         List<InetSocketAddress> candidates) {
        this.engine = engine;
        this.listener = listener;
        this.controlling = controlling;
        this.ufrag = ufrag;
        this.localIntegrity = new StunIntegrity(pwd);
        this.cname = ufrag;
        this.channel = channel;
        this.candidates = List.copyOf(candidates);
    }

    RtcEngine engine() {
        return engine;
    }

    DatagramChannel channel() {
        return channel;
    }

    StunIntegrity localIntegrity() {
        return localIntegrity;
    }

    InetSocketAddress selected() {
        return selected;
    }

    boolean connected() {
        return state == PeerState.CONNECTED;
    }

    Set<InetSocketAddress> validated() {
        return validated;
    }

    // ---------------------------------------------------------------- negotiation (application threads)

    @Override
    public String id() {
        return ufrag;
    }

    @Override
    public SessionDescription answer(SessionDescription offer, LocalAudio audio) throws SdpException {
        synchronized (lock) {
            requireFresh();
        }
        Negotiation.Answer a = Negotiation.answer(offer, audio, local());
        synchronized (lock) {
            requireFresh();
            this.audio = audio;
            negotiated(a.negotiated());
        }
        return a.sdp();
    }

    @Override
    public SessionDescription answer(SessionDescription offer, LocalAudio audio, int maxSections) throws SdpException {
        if (maxSections < 1) throw new IllegalArgumentException("maxSections must be at least 1, got " + maxSections);
        synchronized (lock) {
            requireFresh();
        }
        ThreadLocalRandom r = ThreadLocalRandom.current();
        long[] ssrcs = new long[maxSections];
        ssrcs[0] = ssrc & 0xFFFFFFFFL;
        for (int i = 1; i < maxSections; i++) {
            int next;
            do {
                next = r.nextInt(1, Integer.MAX_VALUE);
            } while (contains(ssrcs, i, next & 0xFFFFFFFFL));
            ssrcs[i] = next & 0xFFFFFFFFL;
        }
        Negotiation.Answer a = Negotiation.answer(offer, audio, local(), ssrcs);
        synchronized (lock) {
            requireFresh();
            this.audio = audio;
            negotiated(a.negotiated());
            if (audio.direction() == AudioDirection.SEND && a.payloadTypes().size() > 1) {
                List<PeerAudioSender> more = new java.util.ArrayList<>();
                for (int i = 1; i < a.payloadTypes().size(); i++) {
                    more.add(new PeerAudioSender(this, (int) ssrcs[i], a.payloadTypes().get(i),
                            new RtpRewriter(r.nextInt(0x10000), r.nextLong(0x100000000L))));
                }
                moreSenders = List.copyOf(more);
            }
        }
        return a.sdp();
    }

    private static boolean contains(long[] a, int n, long v) {
        for (int i = 0; i < n; i++) if (a[i] == v) return true;
        return false;
    }

    @Override
    public SessionDescription offer(LocalAudio audio) {
        synchronized (lock) {
            requireFresh();
            this.audio = audio;
            offered = true;
            return Negotiation.offer(audio, local());
        }
    }

    @Override
    public void accept(SessionDescription answer) throws SdpException {
        LocalAudio a;
        synchronized (lock) {
            if (!offered || negotiated != null) throw new IllegalStateException("no offer is waiting for an answer");
            if (state == PeerState.CLOSED) throw new IllegalStateException("the peer has ended");
            a = audio;
        }
        Negotiated n = Negotiation.acceptAnswer(answer, a, local());
        if (controlling && n.remoteCandidates().isEmpty()) {
            throw new SdpException("the answer has no UDP candidate with an IP address to check");
        }
        synchronized (lock) {
            if (negotiated != null || state == PeerState.CLOSED) throw new IllegalStateException("the peer has negotiated or ended");
            negotiated(n);
        }
    }

    private void requireFresh() {
        if (state == PeerState.CLOSED) throw new IllegalStateException("the peer has ended");
        if (offered || negotiated != null) throw new IllegalStateException("the peer has already negotiated");
    }

    private LocalParameters local() {
        return new LocalParameters(ufrag, pwd, engine.fingerprint(), ssrc & 0xFFFFFFFFL, cname, candidates, !controlling, sessionId);
    }

    /** Under the lock: what was agreed takes effect, and the peer starts connecting. */
    private void negotiated(Negotiated n) {
        negotiated = n;
        long now = System.nanoTime();
        connectDeadline = now + engine.options().connectTimeout().toNanos();
        if (audio.direction() == AudioDirection.SEND) {
            ThreadLocalRandom r = ThreadLocalRandom.current();
            sender = new PeerAudioSender(this, ssrc, n.payloadType(), new RtpRewriter(r.nextInt(0x10000), r.nextLong(0x100000000L)));
        }
        if (controlling) {
            checks = new ConnectivityChecks(n.remoteCandidates(), ufrag, n.remoteUfrag(), n.remotePwd(),
                    (buf, len, to, id) -> engine.sendCheck(this, buf, len, to, id));
        }
        state = PeerState.CONNECTING;
        // the server waits for the ClientHello; a client starts once ICE found a path (which may have happened already:
        // the remote party checks as soon as it has this side's offer, possibly before its answer is applied here)
        if (!n.dtlsClient() || iceSucceeded) startDtls();
    }

    /** Under the lock. */
    private void startDtls() {
        if (dtls != null || state == PeerState.CLOSED) return;
        // no handshake timeout of BouncyCastle's own (0): the connect timer ends a slow peer with CONNECT_TIMEOUT, and
        // it does not count the time the handshake waited for its turn behind other handshakes (HandshakeGate)
        DtlsPolicy policy = new DtlsPolicy(engine.identity(), negotiated.remoteFingerprints(), engine.options().srtpProfiles(), 0);
        dtls = new DtlsSession(negotiated.dtlsClient(), policy, this::sendDtls, this, engine.handshakes());
        dtls.start("rtc-dtls-" + ufrag);
    }

    /** @return how long this peer's handshake has waited for its turn (not counted against the connect deadline) */
    private long queuedNanos(long now) {
        DtlsSession d = dtls;
        return d == null ? 0 : d.queuedNanos(now);
    }

    private void sendDtls(byte[] buf, int off, int len) {
        InetSocketAddress to = selected;
        if (to != null) engine.send(this, ByteBuffer.wrap(buf, off, len), to);
    }

    // ---------------------------------------------------------------- the receive thread

    /**
     * A binding request whose MESSAGE-INTEGRITY checked out: the remote address is valid for this peer, consent
     * is renewed, and USE-CANDIDATE nominates the address.
     *
     * @return false when the peer has ended (no answer then)
     */
    boolean onBindingRequest(StunMessage request, InetSocketAddress from, long now) {
        if (state == PeerState.CLOSED) return false;
        if (validated.add(from)) engine.bind(from, this);
        lastConsent = now;
        if (selected == null || request.has(StunMessage.ATTR_USE_CANDIDATE)) selected = from;
        iceFound();
        return true;
    }

    /** An answer to one of this (controlling) peer's checks. */
    void onBindingResponse(StunMessage response, InetSocketAddress from, long now) {
        ConnectivityChecks c = checks;
        if (c == null || state == PeerState.CLOSED) return;
        if (!c.success(response)) {
            engine.countStunRejected();
            return;
        }
        validated.add(from);
        lastConsent = now;
        if (selected == null) selected = from;
        iceFound();
    }

    private void iceFound() {
        if (iceSucceeded) return;
        iceSucceeded = true;
        Negotiated n = negotiated;
        if (n != null && n.dtlsClient()) {
            synchronized (lock) {
                startDtls();
            }
        }
    }

    /** A DTLS record from a validated address. */
    void onDtls(byte[] buf, int off, int len) {
        DtlsSession d = dtls;
        if (d == null || !d.offer(buf, off, len)) engine.countDtlsDropped();
    }

    /** An SRTP or SRTCP packet from a validated address. */
    void onSrtp(byte[] buf, int off, int len, boolean rtcp, long now) {
        InboundSrtp in = inbound;
        if (in == null) {
            if (!keepEarly(buf, off, len)) rejectSrtp();
            return;
        }
        if (early != null) handleEarly(now);
        if (rtcp) {
            int n = in.unprotectRtcp(buf, off, len);
            if (n < 0) {
                rejectSrtp();
                return;
            }
            rtcpReceived++;
            Rtcp.read(buf, off, n, rtcpVisitor);
            return;
        }
        int n = in.unprotectRtp(buf, off, len);
        if (n < 0) {
            rejectSrtp();
            return;
        }
        LocalAudio a = audio;
        Negotiated ng = negotiated;
        if (a == null || a.direction() != AudioDirection.RECEIVE || ng == null || Rtp.payloadType(buf, off) != ng.payloadType()) return;
        int header = Rtp.headerLength(buf, off, n);
        int payload = Rtp.payloadLength(buf, off, n, header);
        if (payload < 0) {
            rejectSrtp();
            return;
        }
        receiving.packet(Rtp.ssrc(buf, off), Rtp.sequence(buf, off), Rtp.timestamp(buf, off), now);
        packetsReceived++;
        bytesReceived += payload;
        try {
            listener.onAudio(this, view.set(buf, off, header, payload));
        } catch (RuntimeException e) {
            LOG.warn("The audio listener of WebRTC peer {} failed: {}", ufrag, e.toString(), e);
        }
    }

    /** @return whether the packet was kept for when the keys come (only a DTLS client that is finishing its handshake keeps any) */
    private boolean keepEarly(byte[] buf, int off, int len) {
        Negotiated n = negotiated;
        if (n == null || !n.dtlsClient() || state != PeerState.CONNECTING || !iceSucceeded) return false;
        if (early == null) early = new java.util.ArrayDeque<>(4);
        if (early.size() >= EARLY_PACKETS) return false;
        early.add(java.util.Arrays.copyOfRange(buf, off, off + len));
        return true;
    }

    /** The keys are there: the packets kept before them are handled, in the order they came (a forged one is refused then). */
    private void handleEarly(long now) {
        java.util.ArrayDeque<byte[]> kept = early;
        early = null;
        for (byte[] p : kept) onSrtp(p, 0, p.length, Rtp.isRtcp(p, 0, p.length), now);
    }

    private void rejectSrtp() {
        srtpRejected++;
        engine.countSrtpRejected();
    }

    /** The timers: connect and consent deadlines, the controlling side's checks, RTCP reports. */
    void tick(long now) {
        PeerState s = state;
        if (early != null) {
            if (s == PeerState.CONNECTED && inbound != null) {
                handleEarly(now);
            } else if (s == PeerState.CLOSED) {
                early = null;
            }
        }
        if (s == PeerState.CONNECTING && now - connectDeadline - queuedNanos(now) > 0) {
            long seconds = engine.options().connectTimeout().toSeconds();
            end(PeerEnd.CONNECT_TIMEOUT, iceSucceeded ? "the DTLS handshake did not complete within " + seconds + " s"
                    : "no ICE connectivity check succeeded within " + seconds + " s");
            return;
        }
        if (s == PeerState.CONNECTED && now - lastConsent > engine.options().consentTimeout().toNanos()) {
            end(PeerEnd.CONSENT_EXPIRED, "no ICE consent from the remote party for " + engine.options().consentTimeout().toSeconds() + " s");
            return;
        }
        ConnectivityChecks c = checks;
        if (c != null && (s == PeerState.CONNECTING || s == PeerState.CONNECTED)) c.tick(now, selected);
        if (s == PeerState.CONNECTED && now - nextRtcp >= 0) {
            nextRtcp = now + RTCP_INTERVAL_NANOS / 2 + ThreadLocalRandom.current().nextLong(RTCP_INTERVAL_NANOS);
            sendRtcp(now);
        }
    }

    private void sendRtcp(long now) {
        OutboundSrtp out = outbound;
        InetSocketAddress to = selected;
        if (out == null || to == null) return;
        byte[] b = rtcpBuffer;
        int n;
        PeerAudioSender s = sender;
        if (s != null) {
            long ts = s.timestampAt(now);
            if (ts < 0) return; // nothing sent yet: nothing to report
            n = Rtcp.writeSenderReport(b, 0, ssrc, Ntp.now(), ts, s.packetsSent(), s.bytesSent());
        } else if (receiving.started()) {
            n = receiving.writeReport(b, 0, ssrc, now);
        } else {
            return;
        }
        for (PeerAudioSender more : moreSenders) {
            long ts = more.timestampAt(now);
            if (ts >= 0 && n + 64 < b.length) n += Rtcp.writeSenderReport(b, n, more.ssrc(), Ntp.now(), ts, more.packetsSent(), more.bytesSent());
        }
        n += Rtcp.writeCname(b, n, ssrc, cname);
        n = out.protectRtcp(b, 0, n);
        engine.sendLater(this, b, 0, n, to);
    }

    // ---------------------------------------------------------------- DTLS (the session's thread)

    @Override
    public void connected(SrtpKeyMaterial keys) {
        OutboundSrtp out = new OutboundSrtp(keys.profile(), keys.localKey(), keys.localSalt());
        InboundSrtp in = new InboundSrtp(keys.profile(), keys.remoteKey(), keys.remoteSalt());
        synchronized (lock) {
            if (state != PeerState.CONNECTING) return;
            profile = keys.profile();
            outbound = out;
            inbound = in;
            PeerAudioSender s = sender;
            if (s != null) s.keys(out);
            // each further section's SSRC has its own SRTP context (its own rollover counter, and its sender's thread)
            for (PeerAudioSender more : moreSenders) more.keys(new OutboundSrtp(keys.profile(), keys.localKey(), keys.localSalt()));
            lastConsent = System.nanoTime();
            nextRtcp = lastConsent + RTCP_INTERVAL_NANOS;
            state = PeerState.CONNECTED;
        }
        engine.countConnected();
        try {
            listener.onConnected(this);
        } catch (RuntimeException e) {
            LOG.warn("The listener of WebRTC peer {} failed on connect: {}", ufrag, e.toString(), e);
        }
    }

    @Override
    public void failed(String reason) {
        engine.countDtlsFailure();
        end(PeerEnd.DTLS_FAILED, "the DTLS handshake failed: " + reason);
    }

    @Override
    public void remoteClosed(String reason) {
        end(PeerEnd.REMOTE_CLOSED, "the remote party closed DTLS (" + reason + ")");
    }

    @Override
    public void finished() {
        if (state == PeerState.CLOSED) engine.closeSocket(this);
    }

    // ---------------------------------------------------------------- state

    @Override
    public Optional<AudioSender> audioSender() {
        return Optional.ofNullable(sender);
    }

    @Override
    public List<AudioSender> audioSenders() {
        PeerAudioSender s = sender;
        if (s == null) return List.of();
        List<AudioSender> all = new java.util.ArrayList<>();
        all.add(s);
        all.addAll(moreSenders);
        return List.copyOf(all);
    }

    @Override
    public PeerState state() {
        return state;
    }

    @Override
    public Optional<PeerEnd> end() {
        return Optional.ofNullable(end);
    }

    @Override
    public Optional<InetSocketAddress> remoteAddress() {
        return Optional.ofNullable(selected);
    }

    @Override
    public Optional<SrtpProfile> srtpProfile() {
        return Optional.ofNullable(profile);
    }

    @Override
    public PeerStats stats() {
        PeerAudioSender s = sender;
        return new PeerStats(s == null ? 0 : s.packetsSent(), s == null ? 0 : s.bytesSent(), packetsReceived, bytesReceived, rtcpReceived,
                srtpRejected, remoteLost, remoteJitter, roundTrip);
    }

    @Override
    public void close() {
        end(PeerEnd.CLOSED, "closed by the application");
    }

    /** Ends the peer once: unregisters it, closes DTLS, tells the listener (on this thread). */
    void end(PeerEnd why, String detail) {
        DtlsSession d;
        synchronized (lock) {
            if (state == PeerState.CLOSED) return;
            state = PeerState.CLOSED;
            end = why;
            d = dtls;
        }
        engine.forget(this);
        if (d != null) {
            d.shutdown(); // its thread sends close_notify, then finished() closes a socket of our own
        } else {
            engine.closeSocket(this);
        }
        try {
            listener.onClosed(this, why, detail);
        } catch (RuntimeException e) {
            LOG.warn("The listener of WebRTC peer {} failed on close: {}", ufrag, e.toString(), e);
        }
    }

    @Override
    public String toString() {
        return "RtcPeer[" + ufrag + ", " + state + (selected == null ? "" : ", " + selected) + "]";
    }
}

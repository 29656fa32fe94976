package gateway.lib.srt.internal;

import gateway.lib.srt.RejectReason;
import java.net.InetSocketAddress;

/**
 * The handshakes of a caller-listener exchange (draft-sharabayko-srt section 4.3), for both sides:
 * the caller's induction and conclusion requests, the listener's answers and refusals. Both sides build
 * every handshake here, on one base, so they cannot drift apart.
 */
public final class HandshakeExchange {
    /** The MTU both sides propose (and the most the listener accepts). */
    static final int MTU = 1500;
    /** The flow window both sides announce, in packets. */
    static final int FLOW_WINDOW = 8192;

    private HandshakeExchange() {
    }

    /**
     * The caller's first handshake: version 4 with the extension field 2 (what libsrt sends to learn
     * that the listener speaks version 5).
     *
     * @param socketId   the caller's socket id
     * @param initialSeq its initial sequence number
     * @return the handshake
     */
    public static Handshake inductionRequest(int socketId, int initialSeq) {
        Handshake h = base(initialSeq, MTU);
        h.version = 4;
        h.extensionField = 2;
        h.type = Handshake.INDUCTION;
        h.socketId = socketId;
        return h;
    }

    /**
     * The caller's conclusion: HSREQ, the key material when it encrypts, the stream id when it has one.
     *
     * @param socketId      the caller's socket id
     * @param initialSeq    its initial sequence number
     * @param cookie        the cookie from the listener's induction answer
     * @param latencyMillis the TSBPD latency it asks for, both ways
     * @param keyMaterial   the wrapped stream key, or null without encryption
     * @param streamId      the stream id, "" for none
     * @return the handshake
     */
    public static Handshake conclusionRequest(int socketId, int initialSeq, int cookie, int latencyMillis, KeyMaterial keyMaterial,
                                              String streamId) {
        Handshake h = base(initialSeq, MTU);
        h.version = 5;
        h.encryption = keyMaterial == null ? 0 : keyMaterial.encryptionField();
        h.extensionField = Handshake.EXT_HSREQ | (keyMaterial == null ? 0 : Handshake.EXT_KMREQ)
                | (streamId.isEmpty() ? 0 : Handshake.EXT_CONFIG);
        h.type = Handshake.CONCLUSION;
        h.socketId = socketId;
        h.cookie = cookie;
        h.extensions.add(new Handshake.Extension(Handshake.CMD_HSREQ, HandshakeOptions.live(latencyMillis, latencyMillis).toBytes()));
        if (keyMaterial != null) h.extensions.add(new Handshake.Extension(Handshake.CMD_KMREQ, keyMaterial.toBytes()));
        if (!streamId.isEmpty()) h.extensions.add(new Handshake.Extension(Handshake.CMD_SID, Handshake.encodeStreamId(streamId)));
        return h;
    }

    /**
     * The listener's answer to an induction: version 5, the magic extension field, its cookie.
     *
     * @param request    the caller's induction
     * @param from       the caller's address
     * @param listenerId the listener's socket id
     * @param cookie     the SYN cookie the conclusion must carry
     * @return the handshake
     */
    public static Handshake inductionResponse(Handshake request, InetSocketAddress from, int listenerId, int cookie) {
        Handshake r = reply(request, from);
        r.version = 5;
        r.extensionField = Handshake.MAGIC;
        r.type = Handshake.INDUCTION;
        r.socketId = listenerId;
        r.cookie = cookie;
        return r;
    }

    /**
     * The listener's acceptance: HSRSP, and the caller's key material echoed as KMRSP when it encrypts.
     *
     * @param request     the caller's conclusion
     * @param from        the caller's address
     * @param socketId    the new connection's socket id
     * @param options     the listener's HSRSP
     * @param keyMaterial the caller's key material, or null without encryption
     * @param kmResponse  the KMRSP content (the caller's KMREQ content), used with key material
     * @return the handshake
     */
    public static Handshake conclusionResponse(Handshake request, InetSocketAddress from, int socketId, HandshakeOptions options,
                                               KeyMaterial keyMaterial, byte[] kmResponse) {
        Handshake r = reply(request, from);
        r.version = 5;
        r.encryption = keyMaterial == null ? 0 : keyMaterial.encryptionField();
        r.extensionField = Handshake.EXT_HSREQ | (keyMaterial == null ? 0 : Handshake.EXT_KMREQ);
        r.type = Handshake.CONCLUSION;
        r.socketId = socketId;
        r.cookie = request.cookie;
        r.extensions.add(new Handshake.Extension(Handshake.CMD_HSRSP, options.toBytes()));
        if (keyMaterial != null) r.extensions.add(new Handshake.Extension(Handshake.CMD_KMRSP, kmResponse));
        return r;
    }

    /**
     * The listener's refusal: a handshake of type 1000 + the reason's code.
     *
     * @param request    the caller's handshake
     * @param from       the caller's address
     * @param listenerId the listener's socket id
     * @param reason     why
     * @return the handshake
     */
    public static Handshake rejection(Handshake request, InetSocketAddress from, int listenerId, RejectReason reason) {
        Handshake r = reply(request, from);
        r.version = 5;
        r.type = Handshake.REJECT_BASE + reason.code();
        r.socketId = listenerId;
        r.cookie = request.cookie;
        return r;
    }

    /**
     * @param h a handshake received
     * @return its rejection code when it is a refusal, else -1
     */
    public static int rejectionCode(Handshake h) {
        return h.type >= Handshake.REJECT_BASE ? h.type - Handshake.REJECT_BASE : -1;
    }

    /** What every handshake of either side carries. */
    private static Handshake base(int initialSeq, int mtu) {
        Handshake h = new Handshake();
        h.initialSeq = initialSeq;
        h.mtu = mtu;
        h.flowWindow = FLOW_WINDOW;
        return h;
    }

    /** The base of a listener's answer: the caller's sequence number and MTU (capped), and the caller's address. */
    private static Handshake reply(Handshake request, InetSocketAddress from) {
        Handshake r = base(request.initialSeq, Math.min(MTU, request.mtu <= 0 ? MTU : request.mtu));
        byte[] ip = from.getAddress().getAddress();
        if (ip.length == 4) {
            // libsrt writes IPv4 into the first word in host (little-endian) order
            r.peerIp[0] = ip[3]; r.peerIp[1] = ip[2]; r.peerIp[2] = ip[1]; r.peerIp[3] = ip[0];
        } else {
            System.arraycopy(ip, 0, r.peerIp, 0, 16);
        }
        return r;
    }
}

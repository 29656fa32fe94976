package gateway.lib.rtc.internal;

import gateway.lib.rtc.AudioSender;
import gateway.lib.rtc.internal.rtp.Rtp;
import gateway.lib.rtc.internal.srtp.OutboundSrtp;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * A peer's audio sender: rewrites the header into this sender's buffer, copies the payload after it, encrypts in
 * place and hands the result to the socket. Its two buffers are made once; nothing is allocated per packet.
 */
final class PeerAudioSender implements AudioSender {
    /** Largest Opus payload sent (a 120 ms packet at 510 kb/s is about 7.6 KB, far beyond what WebRTC uses). */
    static final int MAX_PAYLOAD = 1200;
    private final Peer peer;
    private final int ssrc;
    private final int payloadType;
    private final RtpRewriter rewriter;
    private final byte[] work = new byte[Rtp.FIXED_HEADER + MAX_PAYLOAD + 64];
    /** Direct, so the socket sends from it without a copy through a temporary buffer of the calling thread. */
    private final ByteBuffer datagram = ByteBuffer.allocateDirect(Rtp.FIXED_HEADER + MAX_PAYLOAD + 64);
    private volatile OutboundSrtp srtp;
    private volatile long packets;
    private volatile long bytes;

    PeerAudioSender(Peer peer, int ssrc, int payloadType, RtpRewriter rewriter) {
        this.peer = peer;
        this.ssrc = ssrc;
        this.payloadType = payloadType;
        this.rewriter = rewriter;
    }

    void keys(OutboundSrtp srtp) {
        this.srtp = srtp;
    }

    @Override
    public boolean send(long sequence, long timestampMicros, ByteBuffer payload) {
        OutboundSrtp s = srtp;
        InetSocketAddress to = peer.selected();
        int length = payload.remaining();
        if (s == null || to == null || !peer.connected() || length > MAX_PAYLOAD) return false;
        long now = System.nanoTime();
        if (!rewriter.next(sequence, RtpRewriter.toRtpUnits(timestampMicros), now)) return false;
        Rtp.writeHeader(work, 0, rewriter.marker(), payloadType, rewriter.sequence(), rewriter.timestamp(), ssrc);
        payload.get(payload.position(), work, Rtp.FIXED_HEADER, length);
        int n = s.protectRtp(work, 0, Rtp.FIXED_HEADER + length);
        datagram.clear();
        datagram.put(work, 0, n).flip();
        if (!peer.engine().send(peer, datagram, to)) return false;
        packets = packets + 1;
        bytes = bytes + length;
        return true;
    }

    @Override
    public void switchSource() {
        rewriter.switchSource();
    }

    @Override
    public long packetsSent() {
        return packets;
    }

    @Override
    public long bytesSent() {
        return bytes;
    }

    @Override
    public int ssrc() {
        return ssrc;
    }

    /** @return the RTP timestamp for a sender report now, or -1 before the first packet */
    long timestampAt(long now) {
        return rewriter.timestampAt(now);
    }
}

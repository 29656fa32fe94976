package gateway.lib.rtc;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * What a peer tells its owner. Every callback runs on a thread of the transport — the receive thread, or the
 * peer's DTLS thread for {@link #onConnected} — so it must return quickly and never block: hand work to another
 * thread. A callback that throws is logged; the peer goes on.
 */
@ConsumerType
public interface PeerListener {

    /** ICE and DTLS completed: media can flow ({@link RtcPeer#state()} is {@link PeerState#CONNECTED}). */
    default void onConnected(RtcPeer peer) {
    }

    /**
     * An audio packet from the remote party, authenticated and decrypted, in arrival order (not reordered, not
     * de-jittered). Only for peers that receive audio.
     *
     * @param packet valid during this call only
     */
    default void onAudio(RtcPeer peer, RtpPacket packet) {
    }

    /**
     * The peer ended, exactly once, whatever ended it (also {@link RtcPeer#close()}: then on the closing thread).
     *
     * @param end    why
     * @param detail the reason in words, for logs and people
     */
    default void onClosed(RtcPeer peer, PeerEnd end, String detail) {
    }
}

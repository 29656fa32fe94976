package gateway.lib.rtc;

import java.net.InetSocketAddress;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * One WebRTC peer connection on a {@link RtcTransport}: ICE credentials of its own, one DTLS association, SRTP
 * keys, and one Opus audio section, sent or received. Made by {@link RtcTransport#newPeer} (an ICE-lite responder:
 * the remote party, a browser, checks connectivity) or {@link RtcTransport#newControllingPeer} (this side checks
 * connectivity towards an ICE-lite remote: for clients of another server, tests and load generators).
 *
 * <p>Negotiation is either {@link #answer} (the remote party offered) or {@link #offer} then {@link #accept}
 * (this side offers: e.g. a server offering to a subscriber). Then the peer connects by itself and tells its
 * {@link PeerListener}; it ends exactly once, with a {@link PeerEnd}.
 *
 * <p>Thread-safe.
 */
@ProviderType
public interface RtcPeer {

    /** @return an id unique within the transport (the local ICE username fragment), for logs and lookups */
    String id();

    /**
     * Answers a remote offer.
     *
     * @param offer the remote party's offer
     * @param audio what this side does with audio
     * @return the answer: ICE credentials, fingerprint, {@code a=setup}, the host candidates, the audio section
     *         (other sections rejected)
     * @throws SdpException          if the offer has no usable audio (no Opus, wrong direction, not DTLS-SRTP, no
     *                               rtcp-mux) or lacks ICE credentials or a fingerprint; the peer stays {@link PeerState#NEW}
     * @throws IllegalStateException if the peer has already negotiated or has ended
     */
    SessionDescription answer(SessionDescription offer, LocalAudio audio) throws SdpException;

    /**
     * Answers a remote offer with up to {@code maxSections} audio sections this side sends on, for a remote party
     * that receives several audio streams on one connection (e.g. a browser that added several receive-only
     * transceivers): the first usable audio section as {@link #answer(SessionDescription, LocalAudio)} accepts it,
     * then each further usable audio section of the offer's BUNDLE group, each with an SSRC of its own, in the offer's
     * order. {@link #audioSenders()} has one sender per accepted section. A receiving peer accepts one section.
     *
     * @param offer       the remote party's offer
     * @param audio       what this side does with audio
     * @param maxSections the most audio sections to accept, at least 1
     * @return the answer
     * @throws SdpException          as {@link #answer(SessionDescription, LocalAudio)}
     * @throws IllegalStateException if the peer has already negotiated or has ended
     * @since 1.2
     */
    default SessionDescription answer(SessionDescription offer, LocalAudio audio, int maxSections) throws SdpException {
        return answer(offer, audio);
    }

    /**
     * Makes an offer of one audio section ({@code a=setup:actpass}, BUNDLE, rtcp-mux).
     *
     * @param audio what this side does with audio
     * @return the offer; apply the remote answer with {@link #accept}
     * @throws IllegalStateException if the peer has already negotiated or has ended
     */
    SessionDescription offer(LocalAudio audio);

    /**
     * Applies the remote answer to this side's {@link #offer}.
     *
     * @param answer the remote party's answer
     * @throws SdpException          if the answer rejects the audio or lacks what is needed; the peer stays as it was
     * @throws IllegalStateException if no offer was made, or an answer was already applied
     */
    void accept(SessionDescription answer) throws SdpException;

    /**
     * The sender of this peer's audio, once negotiated with {@link AudioDirection#SEND}.
     *
     * @return the sender, or empty (receiving peer, or not negotiated yet)
     */
    Optional<AudioSender> audioSender();

    /**
     * The senders of this peer's audio sections, once negotiated with {@link AudioDirection#SEND}: one per section the
     * answer accepted, in the order of the sections; the first is {@link #audioSender()}. Each sender is for one
     * thread at a time, and the senders are independent of each other.
     *
     * @return the senders, or empty (receiving peer, or not negotiated yet)
     * @since 1.2
     */
    default java.util.List<AudioSender> audioSenders() {
        return audioSender().map(java.util.List::of).orElse(java.util.List.of());
    }

    /** @return the current state */
    PeerState state();

    /** @return why the peer ended, once {@link PeerState#CLOSED} */
    Optional<PeerEnd> end();

    /** @return the remote address ICE selected, once a connectivity check succeeded */
    Optional<InetSocketAddress> remoteAddress();

    /** @return the SRTP profile the DTLS handshake chose, once connected */
    Optional<SrtpProfile> srtpProfile();

    /** @return the counters */
    PeerStats stats();

    /**
     * Ends the peer ({@link PeerEnd#CLOSED}): DTLS is closed (close_notify), it stops answering ICE, and its
     * listener's {@link PeerListener#onClosed} runs on this thread. Does nothing if it has ended.
     */
    void close();
}

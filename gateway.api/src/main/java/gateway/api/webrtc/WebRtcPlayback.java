package gateway.api.webrtc;

import gateway.api.http.ProblemException;
import org.osgi.annotation.versioning.ConsumerType;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Playing a live stream over WebRTC (as WHEP does) for other plugins: the stream's Opus packets go to the listener as
 * the publisher sent them. Provided by the WebRTC plugin; when that plugin stops, every playback ends.
 *
 * <p><b>Threading.</b> Thread-safe; {@link #play} does not wait for the peer to connect.
 */
@ProviderType
public interface WebRtcPlayback {

    /**
     * Answers a listener's offer and attaches it to the stream.
     *
     * @param streamId the live stream
     * @param offer    the SDP offer (an audio section that can receive Opus, DTLS-SRTP, rtcp-mux)
     * @param listener told when the playback ends; not null
     * @return the playback
     * @throws ProblemException 404 no such live stream, 409 not Opus, 400 the offer is not usable, 503 too many sessions
     */
    Playback play(String streamId, String offer, Listener listener);

    /**
     * Answers a listener's offer of several receive-only audio sections with one connection whose sections are
     * <em>slots</em>: each plays the live stream the caller puts into it ({@link SlotPlayback#play}), and can change
     * its stream while the connection runs. WHEP has no renegotiation, so the number of slots is fixed by the offer:
     * one per usable audio section of its BUNDLE group, at most {@code maxSlots}. Each slot sends with an SSRC of its
     * own; its sequence numbers and timestamps continue across a change of stream, so the listener's decoder for that
     * section sees one stream. The packets' payloads are the streams' Opus packets, untouched.
     *
     * @param offer    the SDP offer
     * @param maxSlots the most slots to accept (at least 1)
     * @param listener told when a slot's stream ends and when the playback ends; not null
     * @return the playback, every slot empty
     * @throws ProblemException 400 the offer is not usable, 503 too many sessions
     * @since 1.1
     */
    SlotPlayback playSlots(String offer, int maxSlots, SlotListener listener);

    /**
     * A listener's connection of several slots. Thread-safe.
     *
     * @since 1.1
     */
    @ProviderType
    interface SlotPlayback extends Playback {
        /** @return the number of slots, in the order of the offer's audio sections (the first accepted is slot 0) */
        int slots();

        /**
         * Plays a live stream in a slot, replacing the stream it played.
         *
         * @param slot     the slot
         * @param streamId the live stream (Opus)
         * @return false when there is no such live Opus stream (the slot is then empty) or the playback has ended
         * @throws IndexOutOfBoundsException no such slot
         */
        boolean play(int slot, String streamId);

        /**
         * Empties a slot: it sends nothing until it plays a stream again. Does nothing to an empty slot.
         *
         * @param slot the slot
         * @throws IndexOutOfBoundsException no such slot
         */
        void clear(int slot);
    }

    /**
     * What happens to a slot playback; called on transport threads, must not block.
     *
     * @since 1.1
     */
    @ConsumerType
    interface SlotListener extends Listener {
        /**
         * A slot's stream ended or detached it (not when the caller cleared or replaced it): the slot is empty.
         *
         * @param slot     the slot
         * @param streamId the stream it played
         * @param reason   why, for people
         */
        void slotEnded(int slot, String streamId, String reason);
    }

    /** One listener's session. */
    @ProviderType
    interface Playback {
        /** @return the session's id */
        String id();

        /** @return the SDP answer */
        String answer();

        /**
         * Ends the session; idempotent.
         *
         * @param reason why, for people
         */
        void end(String reason);
    }

    /** What happens to a playback; called on transport threads, must not block. */
    @ConsumerType
    interface Listener {
        /**
         * The playback ended, once.
         *
         * @param cause  a short label ({@code deleted}, {@code stream-ended}, {@code stopped}, …)
         * @param reason why, for people
         */
        void ended(String cause, String reason);
    }
}

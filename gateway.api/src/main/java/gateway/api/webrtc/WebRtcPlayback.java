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

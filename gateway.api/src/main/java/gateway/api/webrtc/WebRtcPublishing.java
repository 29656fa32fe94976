package gateway.api.webrtc;

import gateway.api.http.ProblemException;
import java.util.Map;
import org.osgi.annotation.versioning.ConsumerType;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Publishing over WebRTC without decoding: a publisher's SDP offer is answered on the gateway's WebRTC transport and
 * the Opus packets it sends become a live stream (origin {@code webrtc}) as they came. Provided by the WebRTC plugin;
 * when that plugin stops, every publication ends (cause {@code stopped}).
 *
 * <p><b>Threading.</b> Thread-safe; {@link #publish} does not wait for the peer to connect.
 */
@ProviderType
public interface WebRtcPublishing {

    /**
     * Answers an offer and opens the publisher's live stream.
     *
     * @param offer    the SDP offer (one audio section with Opus, DTLS-SRTP, rtcp-mux)
     * @param metadata the stream's metadata; not null
     * @param listener told when the peer connects and when the publication ends; not null
     * @return the publication
     * @throws ProblemException 400 when the offer is not usable, 503 when the transport is full
     */
    Publication publish(String offer, Map<String, String> metadata, Listener listener);

    /** One publisher's session and live stream. */
    @ProviderType
    interface Publication {
        /** @return the id of the live stream the publisher feeds */
        String streamId();

        /** @return the SDP answer */
        String answer();

        /**
         * Stops or resumes forwarding: while muted, the publisher's packets are dropped.
         *
         * @param muted the new state
         */
        void mute(boolean muted);

        /**
         * Changes the stream's metadata.
         *
         * @param changes keys to set; an empty value removes a key
         */
        void updateMetadata(Map<String, String> changes);

        /**
         * Ends the session and the stream; idempotent.
         *
         * @param cause  a short label, e.g. {@code removed}
         * @param reason why, for people
         */
        void end(String cause, String reason);
    }

    /** What happens to a publication; called on transport threads, must not block. */
    @ConsumerType
    interface Listener {
        /** The peer connected (ICE and DTLS done). Optional. */
        default void connected() {
        }

        /**
         * The publication ended, once.
         *
         * @param cause  a short label: {@code deleted}, {@code timeout}, {@code stopped}, or the one given to {@link Publication#end}
         * @param reason why, for people
         */
        void ended(String cause, String reason);
    }
}

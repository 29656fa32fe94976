package gateway.sessions.internal;

import gateway.api.processing.ProcessingContext;
import java.util.Optional;

/** What a session's pipeline needs from the gateway: its input track, track lookups, and where messages go. */
interface SessionOutlet {

    /** @return the publisher's first audio track now */
    Optional<ProcessingContext.Input> publisherTrack();

    /**
     * @param trackSid a track of the session's room
     * @return that track now, if it is published
     */
    Optional<ProcessingContext.Input> track(String trackSid);

    /**
     * Sends a message to every control socket of the session and the event to the gateway's bus.
     *
     * @param messageType the message's type
     * @param data        its data
     */
    void broadcast(String messageType, Object data);
}

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

    /**
     * Sends a message to every control socket of the session only (audio, not for the gateway's bus).
     *
     * @param messageType the message's type
     * @param data        its data
     */
    void toControlSockets(String messageType, Object data);

    /**
     * Publishes a track fed by audio sent over the control socket.
     *
     * @param format its rate and channels
     * @param failed told when the track cannot go on
     * @return the input, its track published
     * @throws RuntimeException when the room refuses it
     */
    SocketInput openSocketInput(TaskSpec.Transport format, java.util.function.Consumer<String> failed);

    /**
     * Starts sending the pipeline's output to the control sockets.
     *
     * @param format       its rate and channels
     * @param outputStream the registry id of the stream carrying the output now, or null
     * @return the output, following
     */
    SocketOutput openSocketOutput(TaskSpec.Transport format, java.util.function.Supplier<String> outputStream);
}

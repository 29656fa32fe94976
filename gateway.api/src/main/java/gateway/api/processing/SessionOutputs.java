package gateway.api.processing;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Output tracks that outlive the bundle of the processor that feeds them, a service of the gateway. A processor that
 * publishes its own output (rather than forwarding its input) claims a {@link SessionOutput} for its stage: a room
 * track carried by a stream this service owns, which relays whichever stream the processor names with
 * {@link SessionOutput#follow}. When the processor's bundle is updated, its run {@linkplain SessionOutput#release()
 * releases} the output instead of closing it, the next revision {@linkplain #claim claims} it again under the same
 * key, and the session's subscribers go on listening to the same track: they neither re-read the task nor reconnect.
 *
 * <p><b>Threading.</b> Thread-safe; every method returns at once.
 *
 * @since 1.1
 */
@ProviderType
public interface SessionOutputs {

    /**
     * How long, in seconds, a released output waits to be claimed again before it is closed (its track leaves the
     * room).
     */
    int RECLAIM_SECONDS = 30;

    /**
     * Claims the output of one stage of a session: the released output of that room and key if there is one (its
     * track, stream and listeners unchanged), else a new one, published at once by a publish-only participant of the
     * room. An output of that room and key that is still claimed stays with its holder; the new claim gets a new
     * output, which takes its key.
     *
     * @param room the session's room; not blank
     * @param key  the stage's key in the room, stable across revisions of the processor, e.g. the session's id and
     *             the stage's position; not blank
     * @param name the track's name (used when a new output is published); not blank
     * @return the output; the caller closes it when the stage ends, or releases it when only its bundle stops
     * @throws IllegalArgumentException when a parameter is blank
     * @throws RuntimeException         when the room refuses the participant or its track (e.g. the room is gone)
     */
    SessionOutput claim(String room, String key, String name);

    /**
     * The relayed output of one stage, from {@link SessionOutputs#claim} until {@link #close}.
     *
     * <p>The track's stream is Opus at 48 kHz, one channel, 20 ms frames. It carries the packets of the stream named
     * by the last {@link #follow}, with their timestamps moved so that they continue the track's timeline without a
     * jump, whatever the source's own timeline: switching sources (a new revision of the processor, a new source
     * stream) looks like a short network stall to a listener, never like a new stream. Between sources the track is
     * silent (it sends nothing).
     *
     * <p><b>Threading.</b> Thread-safe; every method returns at once.
     *
     * @since 1.1
     */
    @ProviderType
    interface SessionOutput extends AutoCloseable {

        /** @return the room track's sid, stable for the output's life; what the subscribers listen to */
        String trackSid();

        /** @return the registry id of the stream the track carries, stable for the output's life */
        String streamId();

        /**
         * Relays another stream from now on (the previous one is no longer relayed). A stream that ends stops being
         * relayed; the track goes on.
         *
         * @param streamId a live Opus stream of the stream registry; null to relay nothing
         * @throws gateway.api.stream.StreamNotFoundException when there is no live stream with that id
         * @throws IllegalStateException                      when the output is released or closed
         */
        void follow(String streamId);

        /**
         * Gives the output back without ending it: it relays nothing and waits up to
         * {@value SessionOutputs#RECLAIM_SECONDS} s for a {@link SessionOutputs#claim} of its room and key, and is
         * closed if none comes. For a run that stops only because its bundle stops. Idempotent.
         */
        void release();

        /** Ends the output: its track is unpublished and its stream ends. Idempotent; must not throw. */
        @Override
        void close();
    }
}

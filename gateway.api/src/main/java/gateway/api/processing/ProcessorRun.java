package gateway.api.processing;

import java.util.List;
import java.util.Map;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A processor running for one session, from {@link SessionProcessor#start} until {@link #close}.
 *
 * <p><b>Threading.</b> The gateway calls {@link #reconfigure}, {@link #release} and {@link #close} one at a time; {@link #outputTracks}
 * may be called from any thread at any time and must not block.
 */
@ConsumerType
public interface ProcessorRun extends AutoCloseable {

    /**
     * @return the sids of the room tracks that carry this run's output now (what the subscribers should listen to);
     *         empty while there is none yet (no input, still connecting)
     */
    List<String> outputTracks();

    /**
     * The task was sent again with a new configuration for this stage: apply it without a gap in the output.
     * Optional: by default the gateway closes this run and starts a new one.
     *
     * @param configuration the new configuration; never null
     * @return true if applied, false to be restarted with it
     * @throws ProcessorException when the configuration is invalid; the run goes on with the old one
     */
    default boolean reconfigure(Map<String, Object> configuration) throws ProcessorException {
        return false;
    }

    /**
     * Stops, but the stage goes on: the session's task still names it and the gateway starts it again with the same
     * configuration, e.g. on the next revision of the processor's plugin or of the sessions plugin (an update, a
     * restart, a change of its configuration). A run gives back, rather than ends, what should outlive it, e.g. its
     * {@link SessionOutputs.SessionOutput} ({@link SessionOutputs.SessionOutput#release()}), so that the next run
     * claims it again and the subscribers keep listening to the same track. A later {@link #close} does nothing more.
     * Optional: by default the run is closed.
     *
     * <p>Idempotent; must not throw.
     *
     * @since 1.2
     */
    default void release() {
        close();
    }

    /** Stops: releases what it holds and unpublishes what it published. Idempotent; must not throw. */
    @Override
    void close();
}

package gateway.api.processing;

import java.util.Map;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A stage a streaming session's task can name: a service of the whiteboard, registered by the plugin that provides
 * it. Names are unique; when two services share a name, the one with the highest service ranking is used.
 *
 * <p><b>Threading.</b> {@link #start} may be called for several sessions at once, from different threads; the
 * other methods must be thread-safe and cheap (they are read to describe the processor).
 */
@ConsumerType
public interface SessionProcessor {

    /** @return the name tasks use for it, e.g. {@code passthrough}; lower case letters, digits and dashes, stable */
    String name();

    /** @return one sentence for people: what the subscribers hear when it runs */
    String description();

    /**
     * @return its configuration's schema as a JSON Schema object (maps, lists, strings, numbers, booleans), shown in
     *         a session's {@code current_task}; an empty map when it takes no configuration
     */
    default Map<String, Object> configurationSchema() {
        return Map.of();
    }

    /**
     * Starts the processor for one session.
     *
     * @param context the session, its input and where its output and events go; valid until the run is closed
     * @return the run; never null
     * @throws ProcessorException when the configuration is invalid or the processor cannot run; its message is sent
     *                            to the control client as a {@code VALIDATION_ERROR}
     */
    ProcessorRun start(ProcessingContext context) throws ProcessorException;
}

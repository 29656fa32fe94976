package gateway.api.processing;

import java.util.Map;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * What a {@link ProcessorRun} knows of its session, provided by the gateway.
 *
 * <p><b>Threading.</b> Thread-safe; every method returns at once.
 */
@ProviderType
public interface ProcessingContext {

    /** @return the session's id */
    String sessionId();

    /** @return the name of the session's room */
    String room();

    /**
     * @return this stage's position in the task's pipeline, 0 for the first; stable when the task runs again after an
     *         update of the sessions plugin (a key for {@link SessionOutputs#claim})
     * @since 1.1
     */
    default int stage() {
        return 0;
    }

    /** @return this stage's configuration from the task; never null (empty = none) */
    Map<String, Object> configuration();

    /**
     * @return the publisher's audio track now (it may appear, change or go while the run lives); empty while the
     *         publisher publishes nothing
     */
    Optional<Input> input();

    /**
     * Sends an event of this stage to the session's control clients ({@code {"message_type": type, "data": data}})
     * and to the gateway's event bus.
     *
     * @param type kebab or snake case event type; not blank
     * @param data the payload, a value Jackson serialises without configuration; may be null
     */
    void event(String type, Object data);

    /**
     * The run cannot go on: the session reports it (an {@code error} message with code {@code PROCESSOR_FAILED} and
     * a gateway event) and stops the run.
     *
     * @param reason for people; not null
     */
    void fail(String reason);

    /**
     * The publisher's track.
     *
     * @param trackSid the room track's sid
     * @param stream   the id of the live stream carrying its packets in the stream registry; null while none
     * @param mimeType its codec, e.g. {@code audio/opus}
     */
    record Input(String trackSid, String stream, String mimeType) {
    }
}

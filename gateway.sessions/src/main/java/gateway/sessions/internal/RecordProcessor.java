package gateway.sessions.internal;

import gateway.api.processing.ProcessingContext;
import gateway.api.processing.ProcessorException;
import gateway.api.processing.ProcessorRun;
import gateway.api.processing.SessionProcessor;
import gateway.api.stream.StreamRegistry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code record}: the recorder records the session's input, and the subscribers hear it untouched. The recorder is
 * asked the way every plugin asks it, through stream metadata: the run relays its input into a stream of its own
 * whose metadata says {@code record=true} and {@code event=<session id>}, so {@code GET /recordings?event=<session id>}
 * lists the session's recordings.
 */
@Component(service = SessionProcessor.class)
public final class RecordProcessor implements SessionProcessor {
    static final String NAME = "record";
    static final int MAX_LABEL = 64;

    @Reference
    private StreamRegistry registry;
    private ScheduledExecutorService watcher;

    @Activate
    void activate() {
        watcher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "session-record-watcher");
            t.setDaemon(true);
            return t;
        });
    }

    @Deactivate
    void deactivate() {
        watcher.shutdownNow();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "The recorder records the publisher's track (GET /recordings?event=<session id> lists it); the subscribers hear it untouched.";
    }

    @Override
    public Map<String, Object> configurationSchema() {
        Map<String, Object> label = new LinkedHashMap<>();
        label.put("type", "string");
        label.put("maxLength", MAX_LABEL);
        label.put("description", "A label for the recording: its stream's metadata carries it as 'label'");
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("properties", Map.of("label", label));
        schema.put("additionalProperties", false);
        return schema;
    }

    @Override
    public ProcessorRun start(ProcessingContext context) throws ProcessorException {
        String label = label(context.configuration());
        SessionRecording recording = new SessionRecording(context, registry, label);
        // the API tells no one when the input appears or changes: the run looks a few times a second
        recording.watch(watcher.scheduleWithFixedDelay(recording::follow, 0, 200, TimeUnit.MILLISECONDS));
        return recording;
    }

    /** @return the configured label, or null; refuses anything but {@code {"label": "..."}} */
    static String label(Map<String, Object> config) throws ProcessorException {
        for (String key : config.keySet()) {
            if (!"label".equals(key)) throw new ProcessorException("record takes only 'label', not '" + key + "'");
        }
        Object label = config.get("label");
        if (label == null) return null;
        if (!(label instanceof String s) || s.isBlank() || s.length() > MAX_LABEL) {
            throw new ProcessorException("record's label must be a string of 1 to " + MAX_LABEL + " characters");
        }
        return s;
    }

    /** @return the input's track sid as the output, or none */
    static List<String> inputTrack(ProcessingContext context) {
        return context.input().map(in -> List.of(in.trackSid())).orElse(List.of());
    }
}

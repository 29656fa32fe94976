package gateway.example.tonedetect.internal;

import gateway.api.processing.ProcessingContext;
import gateway.api.processing.ProcessorException;
import gateway.api.processing.ProcessorRun;
import gateway.api.processing.SessionProcessor;
import gateway.api.stream.StreamRegistry;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code tone-detect}: listens to the session's input for one frequency and tells the session when the tone starts
 * and stops ({@code tone_started}, {@code tone_stopped}); the subscribers hear the input unchanged. A third party's
 * processor: it knows the gateway only through {@code gateway.api}.
 */
@Component(service = SessionProcessor.class)
public final class ToneDetectProcessor implements SessionProcessor {
    static final String NAME = "tone-detect";

    private final StreamRegistry registry;
    private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "tone-detect");
        t.setDaemon(true);
        return t;
    });

    @Activate
    public ToneDetectProcessor(@Reference StreamRegistry registry) {
        this.registry = registry;
    }

    @Deactivate
    void deactivate() {
        clock.shutdownNow();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "The subscribers hear the input unchanged; the session is told when a tone of the configured frequency starts and stops.";
    }

    @Override
    public Map<String, Object> configurationSchema() {
        return ToneSettings.schema();
    }

    @Override
    public ProcessorRun start(ProcessingContext context) throws ProcessorException {
        ToneDetectorRun run = new ToneDetectorRun(context, ToneSettings.of(context.configuration()), registry);
        run.open(clock);
        return run;
    }
}

package gateway.sessions.internal;

import gateway.api.processing.ProcessingContext;
import gateway.api.processing.ProcessorException;
import gateway.api.processing.ProcessorRun;
import gateway.api.processing.SessionProcessor;
import java.util.List;
import org.osgi.service.component.annotations.Component;

/**
 * {@code passthrough}: the subscribers hear the publisher, packets untouched. The rooms forward a published track to
 * every participant subscribed to it, so the output is the input track itself; nothing is decoded.
 */
@Component(service = SessionProcessor.class)
public final class PassthroughProcessor implements SessionProcessor {
    static final String NAME = "passthrough";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "The subscribers hear the publisher's track as it is published (Opus packets forwarded untouched).";
    }

    @Override
    public ProcessorRun start(ProcessingContext context) throws ProcessorException {
        if (!context.configuration().isEmpty()) {
            throw new ProcessorException("passthrough takes no configuration, got " + context.configuration().keySet());
        }
        return new ProcessorRun() {
            @Override
            public List<String> outputTracks() {
                return context.input().map(in -> List.of(in.trackSid())).orElse(List.of());
            }

            @Override
            public void close() {
                // nothing held: the room keeps forwarding the publisher's track to its subscribers
            }
        };
    }
}

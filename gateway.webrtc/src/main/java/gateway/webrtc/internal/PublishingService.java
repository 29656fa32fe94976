package gateway.webrtc.internal;

import gateway.api.webrtc.WebRtcPublishing;
import java.util.Map;
import java.util.Objects;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * WebRTC publishing for other plugins (rooms): the same publishers as {@code POST /rtc/whip}, with the caller's
 * stream metadata, a listener for the publisher's end, and mute.
 */
@Component(service = WebRtcPublishing.class)
public final class PublishingService implements WebRtcPublishing {
    private final WhipIngest ingest;

    @Activate
    public PublishingService(@Reference WhipIngest ingest) {
        this.ingest = ingest;
    }

    @Override
    public Publication publish(String offer, Map<String, String> metadata, Listener listener) {
        WhipIngest.Watched w = ingest.start(offer, Objects.requireNonNull(metadata), Objects.requireNonNull(listener));
        WhipPublisher p = w.publisher();
        String answer = w.started().answer();
        return new Publication() {
            @Override
            public String streamId() {
                return p.id();
            }

            @Override
            public String answer() {
                return answer;
            }

            @Override
            public void mute(boolean muted) {
                p.mute(muted);
            }

            @Override
            public void updateMetadata(Map<String, String> changes) {
                p.stream().updateMetadata(changes);
            }

            @Override
            public void end(String cause, String reason) {
                p.end(cause, reason);
            }
        };
    }
}

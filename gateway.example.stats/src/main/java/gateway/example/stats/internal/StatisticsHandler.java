package gateway.example.stats.internal;

import gateway.api.event.GatewayEvent;
import gateway.api.event.GatewayEvents;
import gateway.api.stream.LiveStream;
import gateway.api.stream.MediaHandler;
import gateway.api.stream.MediaPacket;
import gateway.api.stream.MediaSession;
import gateway.api.stream.StreamState;
import io.prometheus.metrics.core.metrics.Counter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Attaches to every live stream (no target filter) and keeps its statistics. Announces attachment,
 * gaps and the final figures as gateway events ({@code stats-attached}, {@code stats-gap},
 * {@code stats-final}).
 */
@Component(service = {MediaHandler.class, StatisticsHandler.class},
        property = MediaHandler.NAME + "=stream-statistics")
public final class StatisticsHandler implements MediaHandler {

    private final GatewayEvents events;
    private final Map<String, StreamStatistics> live = new ConcurrentHashMap<>();
    /**
     * Gaps in every stream's timeline since this plugin started: a counter of the Prometheus client, built but
     * not registered anywhere ({@link StatsMetrics} hands it to the gateway). Incremented on the media thread,
     * so without exemplars: an increment is then one atomic add.
     */
    final Counter gaps = Counter.builder().name("gateway_example_stats_gaps")
            .help("Gaps seen in the timeline of the streams this plugin watched").withoutExemplars().build();

    @Activate
    public StatisticsHandler(@Reference GatewayEvents events) {
        this.events = events;
    }

    @Override
    public MediaSession attach(LiveStream stream) {
        StreamStatistics stats = new StreamStatistics(stream.id(), stream.origin());
        live.put(stream.id(), stats);
        events.publish(GatewayEvent.now("stats-attached", Map.of("stream", stream.id())));
        return new MediaSession() {
            @Override
            public void onPacket(MediaPacket packet) {
                long gap = stats.add(packet);
                if (gap > 0) {
                    gaps.inc();
                    events.publish(GatewayEvent.now("stats-gap", Map.of("stream", stream.id(), "gapMillis", gap / 1000)));
                }
            }

            @Override
            public void onEnd(StreamState state, String reason) {
                live.remove(stream.id());
                events.publish(GatewayEvent.now("stats-final", stats.view(false)));
            }

            @Override
            public void onDetached() {
                live.remove(stream.id());
            }
        };
    }

    /** @return how many streams are being watched now */
    int watching() {
        return live.size();
    }

    List<StreamStatistics.StatsView> all() {
        return live.values().stream().map(s -> s.view(true)).toList();
    }

    Optional<StreamStatistics.StatsView> one(String streamId) {
        return Optional.ofNullable(live.get(streamId)).map(s -> s.view(true));
    }
}

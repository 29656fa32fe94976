package gateway.rooms.rest.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import gateway.api.event.GatewayEvent;
import gateway.api.event.GatewayEvents;
import gateway.api.rooms.AccessTokens;
import gateway.api.rooms.EgressEvent;
import gateway.api.rooms.IngressEvent;
import gateway.api.rooms.RoomEvent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Room events as LiveKit sends its webhooks: each {@link RoomEvent} is POSTed to every configured URL as a
 * {@code WebhookEvent} (proto3 JSON, {@code application/webhook+json}) with a token in {@code Authorization} whose
 * {@code sha256} claim is the body's hash, so LiveKit's {@code WebhookReceiver} verifies it. Sent without waiting;
 * a receiver that fails is logged, not retried.
 */
@Component(service = WebhookSender.class, immediate = true, configurationPid = WebhookSender.PID)
@Designate(ocd = WebhookSender.Config.class)
public final class WebhookSender {
    static final String PID = "gateway.rooms.webhooks";
    static final String TYPE = "application/webhook+json";
    private static final Logger LOG = LoggerFactory.getLogger(WebhookSender.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    /** Where webhooks go. */
    @ObjectClassDefinition(name = "Gateway rooms: webhooks", description = "LiveKit-style webhooks of the rooms' events.")
    public @interface Config {
        @AttributeDefinition(description = "URLs that receive every room event (room_started, room_finished, participant_joined, "
                + "participant_left, track_published, track_unpublished, egress_started, egress_updated, egress_ended, ingress_started, ingress_ended), comma-separated; empty = none.")
        String urls() default "";

        @AttributeDefinition(description = "Seconds a receiver may take to answer.")
        int timeoutSeconds() default 5;
    }

    private final AccessTokens tokens;
    private final List<URI> urls = new ArrayList<>();
    private final Duration timeout;
    private final HttpClient client;
    private final GatewayEvents.Subscription subscription;

    @Activate
    public WebhookSender(Config config, @Reference AccessTokens tokens, @Reference GatewayEvents events) {
        this.tokens = tokens;
        for (String u : config.urls().split(",")) {
            if (u.isBlank()) continue;
            URI uri = URI.create(u.trim());
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
                throw new IllegalArgumentException("webhook URL " + uri + " is not http(s)");
            }
            urls.add(uri);
        }
        this.timeout = Duration.ofSeconds(config.timeoutSeconds());
        this.client = HttpClient.newBuilder().connectTimeout(timeout).build();
        this.subscription = urls.isEmpty() ? null : events.subscribe(this::onEvent);
        if (!urls.isEmpty()) LOG.info("Room webhooks to {}", urls);
    }

    @Deactivate
    void deactivate() {
        if (subscription != null) subscription.close();
        client.close();
    }

    private void onEvent(GatewayEvent e) {
        long createdAt = e.createdAt().getEpochSecond();
        if (e.data() instanceof EgressEvent egress) {
            send(egress.type(), EgressJson.webhook(egress, eventId(), createdAt));
        } else if (e.data() instanceof IngressEvent ingress) {
            send(ingress.type(), body(ingress, createdAt));
        } else if (e.data() instanceof RoomEvent event) {
            send(event.type(), body(event, createdAt));
        }
    }

    private void send(String type, String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        String token = tokens.signBody(body);
        for (URI url : urls) {
            HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout).header("Content-Type", TYPE)
                    .header("Authorization", token).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
            client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((r, failure) -> {
                if (failure != null) LOG.warn("Webhook {} to {} failed: {}", type, url, failure.toString());
                else if (r.statusCode() >= 300) LOG.warn("Webhook {} to {} answered {}", type, url, r.statusCode());
            });
        }
    }

    private static String eventId() {
        StringBuilder id = new StringBuilder("EV_");
        for (int i = 0; i < 12; i++) id.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        return id.toString();
    }

    /** LiveKit's {@code WebhookEvent}. */
    static String body(RoomEvent event, long createdAtSeconds) {
        ObjectNode n = LiveKitJson.JSON.createObjectNode();
        n.put("event", event.type());
        n.set("room", LiveKitJson.room(event.room()));
        if (event.participant() != null) n.set("participant", LiveKitJson.participant(event.participant()));
        if (event.track() != null) n.set("track", LiveKitJson.track(event.track()));
        n.put("id", eventId());
        n.put("createdAt", Long.toString(createdAtSeconds));
        return n.toString();
    }

    /** LiveKit's {@code WebhookEvent} of an ingress ({@code ingressInfo} set). */
    static String body(IngressEvent event, long createdAtSeconds) {
        ObjectNode n = LiveKitJson.JSON.createObjectNode();
        n.put("event", event.type());
        n.set("ingressInfo", IngressJson.ingress(event.ingress(), true));
        n.put("id", eventId());
        n.put("createdAt", Long.toString(createdAtSeconds));
        return n.toString();
    }
}

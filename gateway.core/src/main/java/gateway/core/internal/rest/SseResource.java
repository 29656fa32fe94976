package gateway.core.internal.rest;

import gateway.api.event.GatewayEvent;
import gateway.api.event.GatewayEvents;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.sse.Sse;
import javax.ws.rs.sse.SseEventSink;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * {@code GET /sse}: gateway events as Server-Sent Events — data-only frames, each one JSON object
 * {@code {"type", "createdAt", "data"}} — with a keepalive comment every few seconds.
 */
@Component(service = SseResource.class, configurationPid = "gateway.sse")
@Designate(ocd = SseResource.Config.class)
@JaxrsResource
@Path("/sse")
public final class SseResource {

    @ObjectClassDefinition(name = "Gateway SSE", description = "The /sse event stream")
    public @interface Config {
        @AttributeDefinition(description = "Seconds between keepalive comments")
        int keepaliveSeconds() default 15;
    }

    private final GatewayEvents events;
    private final Set<SseClient> clients = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService keepalive = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("sse-keepalive").daemon().factory());

    @Activate
    public SseResource(@Reference GatewayEvents events, Config config) {
        this.events = events;
        int period = Math.max(1, config.keepaliveSeconds());
        keepalive.scheduleAtFixedRate(() -> clients.forEach(SseClient::keepalive), period, period, TimeUnit.SECONDS);
    }

    @Deactivate
    void deactivate() {
        keepalive.shutdownNow();
        clients.forEach(SseClient::close);
    }

    /**
     * Streams gateway events until the client goes away.
     *
     * @param sink the client's event sink
     * @param sse  the SSE factory
     */
    @Operation(summary = "Gateway events (Server-Sent Events)",
            description = "A `text/event-stream` of the gateway's events as they happen. Every frame is data-only and holds one "
                    + "JSON object `{\"type\", \"createdAt\", \"data\"}`. A `: connected` comment is sent at once (so proxies and "
                    + "clients see the stream open) and a `: keepalive` comment every `keepaliveSeconds` (15 s by default; "
                    + "`etc/gateway.sse.cfg`). Core events: `stream-opened`, `stream-metadata`, `stream-ended` (with `state` and "
                    + "`reason`); plugins add their own (SRT ingest, WHIP bridge, recorder). A client that stops reading is "
                    + "disconnected; it never slows the gateway down.",
            responses = @ApiResponse(responseCode = "200", description = "The event stream, open until the client disconnects",
                    content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS, examples = @ExampleObject(value = ": connected\n\n"
                            + "data: {\"type\":\"stream-ended\",\"createdAt\":\"2026-11-23T10:00:00Z\",\"data\":{\"id\":\"0b9f3c1e-5d1a-4c55-9a47-2f0c4d3e8a61\","
                            + "\"origin\":\"srt\",\"state\":\"ended\",\"reason\":\"the SRT caller disconnected\"}}\n\n"))))
    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void events(@Context SseEventSink sink, @Context Sse sse) {
        SseClient client = new SseClient(sink, sse, clients::remove);
        clients.add(client);
        client.start(events.subscribe(e -> client.send(frame(e))));
    }

    /** @return the clients connected now (read by the metrics) */
    public int clientCount() {
        return clients.size();
    }

    static String frame(GatewayEvent e) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("type", e.type());
        json.put("createdAt", e.createdAt().toString());
        json.put("data", e.data());
        return Json.write(json);
    }
}

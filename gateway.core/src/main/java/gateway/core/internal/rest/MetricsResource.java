package gateway.core.internal.rest;

import gateway.api.http.Management;
import gateway.core.internal.metrics.CollectorWhiteboard;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.ws.rs.GET;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.Path;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.Response;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * {@code GET /metrics}: the gateway's metrics for Prometheus, written by the Prometheus client's own exposition
 * writers: the Prometheus text format, or OpenMetrics text when the scraper's {@code Accept} asks for it
 * (Prometheus does by default).
 */
@Component(service = MetricsResource.class)
@JaxrsResource
@Management
@Path("/metrics")
public final class MetricsResource {

    /** A few lines of an answer, for the API's users. */
    private static final String EXAMPLE = """
            # HELP gateway_stream_packets_total Packets the streams of an origin delivered
            # TYPE gateway_stream_packets_total counter
            gateway_stream_packets_total{origin="srt"} 30012.0
            # HELP gateway_streams Streams in the registry that have not ended, by origin and state
            # TYPE gateway_streams gauge
            gateway_streams{origin="srt",state="live"} 1.0
            gateway_streams{origin="srt",state="starting"} 0.0
            """;

    private final CollectorWhiteboard collectors;
    private final ExpositionFormats formats = ExpositionFormats.init();
    /** The previous answer's size: the next one is about as large, so its buffer rarely grows. */
    private volatile int lastSize = 16 * 1024;

    @Activate
    public MetricsResource(@Reference CollectorWhiteboard collectors) {
        this.collectors = collectors;
    }

    /**
     * Collects every metric now.
     *
     * @param accept the scraper's {@code Accept} header, which picks the format
     * @return the exposition, {@code text/plain; version=0.0.4} or {@code application/openmetrics-text}
     */
    @Operation(summary = "Metrics for Prometheus",
            description = "Every metric of the gateway, collected now: streams and what they carried by origin, media handlers' "
                    + "deliveries, drops and failures, plugin states, `/sse` clients, refused management requests, what each "
                    + "plugin reports (SRT connections and refused callers, recordings, WHIP bridges, ...) and the JVM basics. "
                    + "Written by the Prometheus Java client: the Prometheus text format 0.0.4, or OpenMetrics 1.0 text when "
                    + "`Accept` asks for `application/openmetrics-text` (Prometheus does). Counters end in `_total` and only "
                    + "grow while the gateway runs. A management endpoint: beyond loopback, send the management token.",
            responses = @ApiResponse(responseCode = "200", description = "The metrics, in the format `Accept` asked for",
                    headers = @Header(name = "Cache-Control", description = "`no-store`"),
                    content = {
                        @Content(mediaType = "text/plain; version=0.0.4; charset=utf-8", schema = @Schema(type = "string"),
                                examples = @ExampleObject(value = EXAMPLE)),
                        @Content(mediaType = "application/openmetrics-text; version=1.0.0; charset=utf-8", schema = @Schema(type = "string"),
                                examples = @ExampleObject(value = EXAMPLE + "# EOF\n"))}))
    @GET
    public Response scrape(@HeaderParam(HttpHeaders.ACCEPT) String accept) {
        MetricSnapshots snapshots = collectors.scrape();
        ExpositionFormatWriter writer = formats.findWriter(accept);
        if (!writer.isAvailable()) writer = formats.getPrometheusTextFormatWriter(); // protobuf is not bundled
        ByteArrayOutputStream body = new ByteArrayOutputStream(lastSize + 1024);
        try {
            writer.write(body, snapshots, EscapingScheme.fromAcceptHeader(accept));
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a memory buffer: not expected
        }
        lastSize = body.size();
        return Response.ok(body.toByteArray(), writer.getContentType())
                .header(HttpHeaders.CACHE_CONTROL, "no-store").build();
    }
}

package gateway.core.internal.rest;

import gateway.api.http.Management;
import gateway.core.internal.metrics.CollectorWhiteboard;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
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

package gateway.core.internal.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import gateway.api.http.ProblemException;
import gateway.core.internal.http.RequestBodyTooLargeException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import javax.ws.rs.ProcessingException;
import javax.ws.rs.WebApplicationException;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.Request;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.UriInfo;
import javax.ws.rs.ext.ExceptionMapper;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.jaxrs.runtime.JaxrsServiceRuntime;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtension;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's one exception mapper: every error becomes an RFC 9457 problem document
 * ({@code application/problem+json}) with a specific detail; internal errors are logged, never echoed.
 * 405 answers carry {@code Allow}, 415 answers name the content types the endpoint takes, and a request body
 * the JSON reader refuses is described by the field at fault. A {@link WebApplicationException} that already
 * carries a body (an error shape a reference service documents) is passed through unchanged.
 */
@Component(service = ExceptionMapper.class)
@JaxrsExtension
@JaxrsName("gateway.problem-mapper")
public final class ProblemMapper implements ExceptionMapper<Throwable> {
    private static final Logger LOG = LoggerFactory.getLogger(ProblemMapper.class);
    static final String PROBLEM_JSON = "application/problem+json";

    private final RuntimeDtoCache dtos;

    @Context
    private UriInfo uriInfo;

    @Context
    private Request request;

    @Context
    private HttpHeaders headers;

    /** The whiteboard's runtime is looked up when a 404 or 405 needs it, never while the mapper is made. */
    @Activate
    public ProblemMapper(BundleContext context) {
        this(RuntimeDtoCache.of(context));
    }

    /** A mapper that asks {@code runtime} for its DTO at every 404, 405, 406 and 415. */
    ProblemMapper(JaxrsServiceRuntime runtime) {
        this(new RuntimeDtoCache(runtime, () -> null));
    }

    private ProblemMapper(RuntimeDtoCache dtos) {
        this.dtos = dtos;
    }

    @Override
    public Response toResponse(Throwable t) {
        if (t instanceof ProblemException p) return problem(p.status(), p.title(), p.detail());
        RequestBodyTooLargeException tooLarge = cause(t, RequestBodyTooLargeException.class);
        if (tooLarge != null) {
            return Response.fromResponse(problem(413, "Content Too Large", tooLarge.detail())).header("Connection", "close").build();
        }
        if (t instanceof WebApplicationException w && w.getResponse().hasEntity()) return w.getResponse();
        JsonProcessingException json = JsonProblems.find(t);
        if (json != null) return problem(400, "Invalid request body", JsonProblems.describe(json));
        if (t instanceof WebApplicationException w) return fromStatus(w.getResponse());
        if (t instanceof ProcessingException) return problem(400, "Invalid request body", "the request body cannot be read");
        if (clientWentAway(t)) {
            // the client closed the connection while the answer was written: nothing to answer, nothing broken
            LOG.debug("Client went away during the response: {}", t.toString());
            return Response.serverError().build();
        }
        LOG.error("Unexpected error in a REST resource", t);
        return problem(500, "Internal Server Error", "the gateway failed to handle the request; see its log");
    }

    private Response fromStatus(Response original) {
        int status = original.getStatus();
        Response.StatusType known = Response.Status.fromStatusCode(status);
        String title = known != null ? known.getReasonPhrase() : "HTTP " + status;
        Response.ResponseBuilder r = Response.fromResponse(problem(status, title, detail(status)));
        // headers the JAX-RS runtime set (Retry-After, WWW-Authenticate, ...) stay; Allow is computed below
        original.getHeaders().forEach((name, values) -> {
            if (!name.equalsIgnoreCase(HttpHeaders.CONTENT_TYPE) && !name.equalsIgnoreCase(HttpHeaders.CONTENT_LENGTH)
                    && !name.equalsIgnoreCase("Allow")) {
                values.forEach(v -> r.header(name, v));
            }
        });
        if (status == 405) {
            Set<String> allowed = methods().allowed();
            if (!allowed.isEmpty()) r.header("Allow", ResourceMethods.list(allowed));
        }
        return r.build();
    }

    private String detail(int status) {
        return switch (status) {
            case 404 -> "no resource at " + path();
            case 405 -> {
                Set<String> allowed = methods().allowed();
                yield method() + " is not allowed on " + path() + (allowed.isEmpty() ? "" : "; allowed: " + ResourceMethods.list(allowed));
            }
            case 406 -> {
                Set<String> produced = methods().produced(method());
                yield "cannot answer in a type the Accept header allows" + (produced.isEmpty() ? "" : "; available: " + ResourceMethods.list(produced));
            }
            case 415 -> {
                Set<String> consumed = methods().consumed(method());
                String sent = headers == null || headers.getMediaType() == null ? "no Content-Type" : "Content-Type " + headers.getMediaType();
                yield sent + " is not accepted by " + method() + " " + path()
                        + (consumed.isEmpty() ? "" : "; send " + String.join(" or ", consumed));
            }
            default -> Response.Status.fromStatusCode(status) != null ? Response.Status.fromStatusCode(status).getReasonPhrase().toLowerCase() : null;
        };
    }

    private ResourceMethods methods() {
        try {
            return ResourceMethods.at(dtos.current(), path());
        } catch (RuntimeException e) {
            return ResourceMethods.at(new org.osgi.service.jaxrs.runtime.dto.RuntimeDTO(), "/");
        }
    }

    private String path() {
        try {
            return uriInfo.getRequestUri().getRawPath();
        } catch (RuntimeException outsideARequest) {
            return "this path";
        }
    }

    private String method() {
        try {
            return request.getMethod();
        } catch (RuntimeException outsideARequest) {
            return "this method";
        }
    }

    private static <T extends Throwable> T cause(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) return type.cast(c);
            for (Throwable s : c.getSuppressed()) if (type.isInstance(s)) return type.cast(s);
        }
        return null;
    }

    static Response problem(int status, String title, String detail) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", title);
        body.put("status", status);
        if (detail != null) body.put("detail", detail);
        return Response.status(status).type(PROBLEM_JSON).entity(Json.write(body)).build();
    }

    /** Jetty's end-of-file on a closed connection, a reset or a broken pipe anywhere in the cause chain. */
    static boolean clientWentAway(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (!(c instanceof java.io.IOException)) continue;
            if (c.getClass().getName().endsWith(".EofException") || c instanceof java.nio.channels.ClosedChannelException) return true;
            String m = c.getMessage();
            if (m != null && (m.contains("Broken pipe") || m.contains("Connection reset"))) return true;
        }
        return false;
    }
}

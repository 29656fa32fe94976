package gateway.core.internal.rest;

import gateway.api.http.ProblemException;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.ws.rs.ProcessingException;
import javax.ws.rs.WebApplicationException;
import javax.ws.rs.core.Response;
import javax.ws.rs.ext.ExceptionMapper;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtension;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's one exception mapper: every error becomes an RFC 9457 problem document
 * ({@code application/problem+json}) with a specific detail; internal errors are logged, never echoed.
 * A {@link WebApplicationException} that already carries a body (a seed-compatible error shape) is
 * passed through unchanged.
 */
@Component(service = ExceptionMapper.class)
@JaxrsExtension
@JaxrsName("gateway.problem-mapper")
public final class ProblemMapper implements ExceptionMapper<Throwable> {
    private static final Logger LOG = LoggerFactory.getLogger(ProblemMapper.class);
    static final String PROBLEM_JSON = "application/problem+json";

    @Override
    public Response toResponse(Throwable t) {
        if (t instanceof ProblemException p) return problem(p.status(), p.title(), p.detail());
        if (t instanceof WebApplicationException w) {
            Response r = w.getResponse();
            if (r.hasEntity()) return r;
            int status = r.getStatus();
            String title = Response.Status.fromStatusCode(status) != null
                    ? Response.Status.fromStatusCode(status).getReasonPhrase() : "HTTP " + status;
            return problem(status, title, detailOf(w, status));
        }
        if (t instanceof ProcessingException || isJsonError(t)) {
            return problem(400, "Invalid request body", rootMessage(t));
        }
        LOG.error("Unexpected error in a REST resource", t);
        return problem(500, "Internal Server Error", "the gateway failed to handle the request; see its log");
    }

    static Response problem(int status, String title, String detail) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", title);
        body.put("status", status);
        if (detail != null) body.put("detail", detail);
        return Response.status(status).type(PROBLEM_JSON).entity(Json.write(body)).build();
    }

    private static String detailOf(WebApplicationException w, int status) {
        return switch (status) {
            case 404 -> "no resource at this path";
            case 405 -> "method not allowed on this resource";
            case 406 -> "cannot produce a representation the client accepts";
            case 415 -> "unsupported request content type";
            default -> w.getMessage();
        };
    }

    private static boolean isJsonError(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c.getClass().getName().startsWith("com.fasterxml.jackson")) return true;
        }
        return false;
    }

    private static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) c = c.getCause();
        String m = c.getMessage();
        if (m == null) return "malformed request body";
        int nl = m.indexOf('\n');
        return nl > 0 ? m.substring(0, nl) : m;
    }
}

package gateway.core.internal.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers 503 with {@code Retry-After: 1} (a problem document) for a request that reaches a REST endpoint in the
 * moment the JAX-RS whiteboard re-deploys it. When a resource comes and goes (a plugin restarted, the HTTP port
 * moved and the SRT ingest following it), the whiteboard shuts the application's CXF endpoint down before it
 * removes the servlet that leads to it; a request in between finds the endpoint without its message observer and
 * CXF fails with a {@link NullPointerException}, which Jetty would answer with 500 and a stack trace. Only that
 * failure is translated; any other exception goes on as it was.
 */
@Component(service = Filter.class, property = {
        "osgi.http.whiteboard.filter.name=gateway.redeploying-endpoints",
        "osgi.http.whiteboard.filter.pattern=/*",
        "osgi.http.whiteboard.filter.asyncSupported=true",
        "osgi.http.whiteboard.context.select=(osgi.http.whiteboard.context.name=*)"})
public final class RedeployingEndpoints implements Filter {
    private static final Logger LOG = LoggerFactory.getLogger(RedeployingEndpoints.class);
    /** The package of CXF's HTTP destinations, whose {@code invoke} meets the shut-down endpoint. */
    static final String CXF_TRANSPORT = "org.apache.cxf.transport.";
    static final String DETAIL = "the endpoint is being deployed again; try again after Retry-After seconds";

    private final AtomicLong answered = new AtomicLong();

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        try {
            chain.doFilter(req, res);
        } catch (RuntimeException | ServletException e) {
            if (!(res instanceof HttpServletResponse response) || response.isCommitted() || !isShutDownEndpoint(e)) throw e;
            long n = answered.incrementAndGet();
            String what = req instanceof HttpServletRequest r ? r.getMethod() + " " + r.getRequestURI() : "a request";
            LOG.info("{} reached a REST endpoint while the JAX-RS whiteboard deployed it again: answered 503 "
                    + "(Retry-After: 1; {} such request(s) so far)", what, n);
            unavailable(response);
        }
    }

    /** @return whether {@code e} is CXF meeting an endpoint that was shut down under its servlet */
    static boolean isShutDownEndpoint(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof NullPointerException npe) {
                StackTraceElement[] frames = npe.getStackTrace();
                String message = String.valueOf(npe.getMessage());
                if (frames.length > 0 && frames[0].getClassName().startsWith(CXF_TRANSPORT)
                        && message.contains("incomingObserver")) {
                    return true;
                }
            }
        }
        return false;
    }

    static void unavailable(HttpServletResponse response) throws IOException {
        response.reset();
        response.setStatus(503);
        response.setHeader("Retry-After", "1");
        response.setHeader("Cache-Control", "no-store");
        response.setContentType("application/problem+json");
        byte[] body = ("{\"type\":\"about:blank\",\"title\":\"Service Unavailable\",\"status\":503,\"detail\":\""
                + DETAIL + "\"}").getBytes(StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}

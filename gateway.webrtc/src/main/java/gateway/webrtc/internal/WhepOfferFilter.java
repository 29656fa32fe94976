package gateway.webrtc.internal;

import gateway.api.http.ManagementAuthorization;
import gateway.lib.rtc.SessionDescription;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * Answers WHEP offers ({@code POST /whep/{stream}}) on the HTTP server's servlet layer, ahead of the REST layer: an
 * offer that {@link WhepResource#play} would answer with 201 is answered here with the same status, headers and
 * body. Everything else goes on to the resource as it came — other methods and paths, a body without
 * {@code Content-Length} or larger than an SDP may be, a missing or wrong token (the gateway then answers 401 and
 * counts the refusal). An offer the sessions refuse or fail on goes on with the refusal as a request attribute
 * ({@link #REFUSED}), which the resource throws to the exception mapper before it would read the body: the offer is
 * not parsed twice, and the REST layer stays the one place for errors and documentation; an offer that plays skips it.
 *
 * <p>Why: when a thousand listeners join a gateway that has just started, the REST layer's request processing (CXF's
 * interceptors, matching, providers), not yet compiled by the JIT, took about 70 % of the HTTP threads' time and most
 * of each offer's wait; answered here, an offer runs through the HTTP server and the WHEP session code alone.
 */
@Component(service = Filter.class, property = {
        "osgi.http.whiteboard.filter.name=gateway.whep-offers",
        "osgi.http.whiteboard.filter.pattern=/whep/*",
        "osgi.http.whiteboard.filter.asyncSupported=true",
        "osgi.http.whiteboard.context.select=(osgi.http.whiteboard.context.name=*)",
        // after the gateway's own filters (ranking 0), whatever their registration order: the request body limit
        // answers 413 before an offer is read here
        "service.ranking:Integer=-100"})
public final class WhepOfferFilter implements Filter {
    private static final String PREFIX = "/whep/";
    /** Request attribute: why the offer read here was refused (a RuntimeException), for {@link WhepResource#play}. */
    static final String REFUSED = "gateway.whep.refused";

    private final ManagementAuthorization authorization;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile WhepSessions sessions;

    @Activate
    public WhepOfferFilter(@Reference ManagementAuthorization authorization) {
        this.authorization = authorization;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        WhepSessions s = sessions;
        if (s == null || !(req instanceof HttpServletRequest request) || !(res instanceof HttpServletResponse response)
                || !"POST".equals(request.getMethod())) {
            chain.doFilter(req, res);
            return;
        }
        String stream = stream(request);
        long length = request.getContentLengthLong();
        if (stream == null || length < 0 || length > SessionDescription.MAX_LENGTH
                || !WhepResource.SDP.equals(WhepResource.mediaType(request.getContentType()))
                || (!s.publicPlayback() && !authorization.permits(request.getHeader("Authorization")))) {
            chain.doFilter(req, res);
            return;
        }
        long began = System.nanoTime();
        WhepSessions.Started started;
        try {
            // read as the resource reads it: a body that breaks off is the resource's 400
            started = s.start(stream, WhepResource.read(request.getInputStream()));
        } catch (RuntimeException refused) {
            // a ProblemException, or a failure: handed on, the resource throws it to the exception mapper
            request.setAttribute(REFUSED, refused);
            chain.doFilter(request, res);
            return;
        }
        byte[] answer = started.answer().getBytes(StandardCharsets.UTF_8);
        response.setStatus(201);
        response.setContentType(WhepResource.SDP);
        WhepResource.answerHeaders(s, stream, started, response::addHeader);
        WhepCors.exposeTo(response::setHeader);
        response.setContentLength(answer.length);
        response.getOutputStream().write(answer);
        s.answered(System.nanoTime() - began);
    }

    /** @return the stream id of {@code POST /whep/{stream}} (one path segment, percent-decoded), or null for another path */
    static String stream(HttpServletRequest request) {
        String uri = request.getRequestURI();
        String context = request.getContextPath();
        if (context != null && !context.isEmpty()) {
            if (!uri.startsWith(context)) return null;
            uri = uri.substring(context.length());
        }
        if (!uri.startsWith(PREFIX)) return null;
        String segment = uri.substring(PREFIX.length());
        if (segment.isEmpty() || segment.indexOf('/') >= 0 || segment.indexOf(';') >= 0) return null;
        try {
            // as JAX-RS decodes a path parameter: %XX sequences, '+' stays itself
            return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return null;
        }
    }
}

package gateway.webrtc.internal;

import gateway.api.http.ManagementAuthorization;
import gateway.lib.rtc.SessionDescription;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.ReadListener;
import javax.servlet.ServletException;
import javax.servlet.ServletInputStream;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletRequestWrapper;
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
 * counts the refusal), and every offer the sessions refuse or fail on (the resource asks them again with the same
 * bytes and answers with the documented problem). So the REST layer stays the one place for errors and documentation, and
 * an offer that plays skips it.
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
        byte[] body = request.getInputStream().readNBytes((int) length);
        if (body.length != length) { // the body ended early: the resource says so
            chain.doFilter(new Replayed(request, body), res);
            return;
        }
        WhepSessions.Started started;
        try {
            started = s.start(stream, new String(body, StandardCharsets.UTF_8));
        } catch (RuntimeException refused) {
            // a ProblemException, or a failure: the resource asks again and answers through the exception mapper
            chain.doFilter(new Replayed(request, body), res);
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

    /** The request with its body read here handed on again to the resource. */
    static final class Replayed extends HttpServletRequestWrapper {
        private final byte[] body;

        Replayed(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new IllegalStateException("the body is already read");
                }

                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            return new BufferedReader(new InputStreamReader(new ByteArrayInputStream(body), StandardCharsets.UTF_8));
        }
    }
}

package gateway.core.internal.http;

import java.io.IOException;
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

/**
 * Bounds request bodies on the HTTP port (every servlet context, so plugins' endpoints too): a body declared
 * larger than {@code maxRequestBodySize} gets 413 before a byte of it is read; a chunked body is counted as it is
 * read and its stream fails with {@link RequestBodyTooLargeException} at the limit, which the exception mapper
 * answers with 413. Plugin uploads ({@code PUT /plugins/...}, management only) have their own bound,
 * {@code maxPluginSize}.
 */
@Component(service = Filter.class, property = {
        "osgi.http.whiteboard.filter.name=gateway.request-body-limit",
        "osgi.http.whiteboard.filter.pattern=/*",
        "osgi.http.whiteboard.filter.asyncSupported=true",
        "osgi.http.whiteboard.context.select=(osgi.http.whiteboard.context.name=*)"})
public final class RequestBodyLimit implements Filter {
    static final String PLUGIN_UPLOADS = "/plugins/";

    private final HttpSettings settings;

    @Activate
    public RequestBodyLimit(@Reference HttpSettings settings) {
        this.settings = settings;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        if (!(req instanceof HttpServletRequest request) || !(res instanceof HttpServletResponse response)) {
            chain.doFilter(req, res);
            return;
        }
        long limit = "PUT".equals(request.getMethod()) && request.getRequestURI().startsWith(PLUGIN_UPLOADS)
                ? settings.maxPluginBytes() : settings.maxRequestBodyBytes();
        long declared = request.getContentLengthLong();
        if (declared > limit) {
            refuse(response, limit);
            return;
        }
        if (declared >= 0 || request.getHeader("Transfer-Encoding") == null) {
            chain.doFilter(req, res);
            return;
        }
        Limited limited = new Limited(request, limit);
        chain.doFilter(limited, res);
        // A servlet that is not behind the exception mapper may have swallowed the failure.
        if (limited.exceeded && !response.isCommitted()) {
            response.reset();
            refuse(response, limit);
        }
    }

    static void refuse(HttpServletResponse response, long limit) throws IOException {
        response.setStatus(413);
        response.setContentType("application/problem+json");
        // Jetty would otherwise read and discard the rest of the body to keep the connection.
        response.setHeader("Connection", "close");
        byte[] body = ("{\"type\":\"about:blank\",\"title\":\"Content Too Large\",\"status\":413,\"detail\":\""
                + RequestBodyTooLargeException.detail(limit) + "\"}").getBytes(StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /** A request whose body stream fails once more than the limit has been read. */
    private static final class Limited extends HttpServletRequestWrapper {
        private final long limit;
        private ServletInputStream stream;
        volatile boolean exceeded;

        Limited(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public synchronized ServletInputStream getInputStream() throws IOException {
            if (stream == null) stream = new Counting(super.getInputStream());
            return stream;
        }

        private final class Counting extends ServletInputStream {
            private final ServletInputStream in;
            private long count;

            Counting(ServletInputStream in) {
                this.in = in;
            }

            @Override
            public int read() throws IOException {
                int b = in.read();
                if (b >= 0) add(1);
                return b;
            }

            @Override
            public int read(byte[] buf, int off, int len) throws IOException {
                int n = in.read(buf, off, len);
                if (n > 0) add(n);
                return n;
            }

            private void add(int n) throws RequestBodyTooLargeException {
                count += n;
                if (count > limit) {
                    exceeded = true;
                    throw new RequestBodyTooLargeException(limit);
                }
            }

            @Override
            public boolean isFinished() {
                return in.isFinished();
            }

            @Override
            public boolean isReady() {
                return in.isReady();
            }

            @Override
            public void setReadListener(ReadListener listener) {
                in.setReadListener(listener);
            }
        }
    }
}

package gateway.sessions.internal;

import gateway.api.rooms.InvalidTokenException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.Preprocessor;

/**
 * The control WebSocket at {@value #PATH}{@code ?token=<jwt>} on the gateway's own HTTP port. It is a Servlet
 * Whiteboard preprocessor because the upgrade needs Jetty's own request: the javax/jakarta wrappers a servlet or a
 * filter of the whiteboard sees refuse {@code HttpServletRequest.upgrade}. The token is checked before the upgrade:
 * a missing or invalid one gets 401 in the API's error shape and no WebSocket.
 */
@Component(service = Preprocessor.class)
public final class ControlEndpoint implements Preprocessor {
    static final String PATH = "/speech-to-speech/stream";
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    static final long PING_SECONDS = 15;

    private final SessionStore store;
    private final Set<ControlChannel> open = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService pinger = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("sessions-control-ping").daemon().factory());

    @Activate
    public ControlEndpoint(@Reference SessionStore store) {
        this.store = store;
        pinger.scheduleWithFixedDelay(() -> open.forEach(ControlChannel::ping), PING_SECONDS, PING_SECONDS, TimeUnit.SECONDS);
    }

    @Deactivate
    void deactivate() {
        pinger.shutdownNow();
        for (ControlChannel c : Set.copyOf(open)) c.close(1001, "the control endpoint stopped");
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
        if (!(request instanceof HttpServletRequest req) || !(response instanceof HttpServletResponse res)
                || !PATH.equals(req.getRequestURI())) {
            chain.doFilter(request, response);
            return;
        }
        String upgrade = req.getHeader("Upgrade");
        String connection = req.getHeader("Connection");
        String key = req.getHeader("Sec-WebSocket-Key");
        if (!"GET".equals(req.getMethod()) || upgrade == null || !"websocket".equalsIgnoreCase(upgrade.trim())
                || connection == null || !connection.toLowerCase(Locale.ROOT).contains("upgrade") || key == null || key.isBlank()) {
            error(res, 400, "Bad Request", "BAD_REQUEST", "this is a WebSocket endpoint: GET with Upgrade: websocket and ?token=<jwt>");
            return;
        }
        if (!"13".equals(req.getHeader("Sec-WebSocket-Version"))) {
            res.setHeader("Sec-WebSocket-Version", "13");
            error(res, 426, "Upgrade Required", "BAD_REQUEST", "only WebSocket version 13 is served");
            return;
        }
        SessionStore.Access access;
        try {
            access = store.authorize(req.getParameter("token"));
        } catch (InvalidTokenException e) {
            error(res, 401, "Unauthorized", "INVALID_TOKEN", e.getMessage());
            return;
        }
        res.setStatus(101);
        res.setHeader("Upgrade", "websocket");
        res.setHeader("Connection", "Upgrade");
        res.setHeader("Sec-WebSocket-Accept", accept(key.trim()));
        WebSocketConnection socket = req.upgrade(WebSocketConnection.class);
        // the upgrade runs in an async cycle whose default timeout (30 s) would end a quiet socket
        jakarta.servlet.AsyncContext async = req.isAsyncStarted() ? req.getAsyncContext() : null;
        if (async != null) async.setTimeout(0);
        ControlChannel channel = new ControlChannel(store, access, socket, open::remove);
        open.add(channel);
        channel.start(async);
    }

    private static void error(HttpServletResponse res, int status, String title, String code, String detail) throws IOException {
        res.setStatus(status);
        res.setContentType("application/json");
        res.getOutputStream().write(SessionApiError.body(status, title, code, detail, PATH).getBytes(StandardCharsets.UTF_8));
    }

    static String accept(String key) {
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1").digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(sha1);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is part of every JDK", e);
        }
    }
}

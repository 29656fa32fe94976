package gateway.webrtc.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import javax.annotation.Priority;
import javax.ws.rs.HttpMethod;
import javax.ws.rs.Priorities;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.container.ContainerResponseContext;
import javax.ws.rs.container.ContainerResponseFilter;
import javax.ws.rs.container.PreMatching;
import javax.ws.rs.core.MultivaluedMap;
import javax.ws.rs.core.Response;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtension;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;

/**
 * Browsers' view of WHEP and of WebRTC publishing: {@code OPTIONS} on {@code /whep/...} and {@code /rtc/whip/...} is answered here, before resource matching and
 * authentication — a CORS preflight never carries credentials — with what the endpoint accepts and the ICE servers
 * ({@code Link}, as the WHEP draft and RFC 9725 ask); every such response, refusals included, gets the CORS headers that
 * let a page on another origin read it.
 */
@Component(service = {ContainerRequestFilter.class, ContainerResponseFilter.class})
@JaxrsExtension
@JaxrsName("gateway.whep-cors")
@PreMatching
@Priority(Priorities.AUTHENTICATION - 100)
public final class WhepCors implements ContainerRequestFilter, ContainerResponseFilter {
    private static final String METHODS = "OPTIONS, POST, PATCH, DELETE";

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile WhepSessions sessions;

    @Override
    public void filter(ContainerRequestContext request) {
        WhepSessions s = sessions;
        if (s == null || !HttpMethod.OPTIONS.equals(request.getMethod()) || !isWhep(request)) return;
        Response.ResponseBuilder r = Response.noContent()
                .header("Allow", METHODS)
                .header("Accept-Post", WhepResource.SDP)
                .header("Access-Control-Allow-Methods", METHODS)
                .header("Access-Control-Allow-Headers", "Content-Type, Authorization, If-Match")
                .header("Access-Control-Max-Age", "600")
                .header("Cache-Control", "no-store");
        for (String link : links(s.iceServers())) r.header("Link", link);
        request.abortWith(r.build());
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (!isWhep(request)) return;
        MultivaluedMap<String, Object> h = response.getHeaders();
        exposeTo(h::putSingle);
    }

    /** Sets the CORS headers of every WHEP response (any origin may read it and these headers of it). */
    static void exposeTo(BiConsumer<String, String> header) {
        header.accept("Access-Control-Allow-Origin", "*");
        header.accept("Access-Control-Expose-Headers", "Location, ETag, Link, Accept-Patch, Accept-Post");
    }

    /** @return the {@code Link} header values for ICE servers (RFC 9725 section 4.6) */
    static List<String> links(List<String> iceServers) {
        List<String> out = new ArrayList<>();
        for (String url : iceServers) out.add("<" + url + ">; rel=\"ice-server\"");
        return out;
    }

    private static boolean isWhep(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (path.startsWith("/")) path = path.substring(1);
        return path.equals("whep") || path.startsWith("whep/") || path.equals("rtc/whip") || path.startsWith("rtc/whip/");
    }
}

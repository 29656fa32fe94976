package gateway.rooms.rest.internal;

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
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtension;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;

/**
 * Browsers' view of the rooms' WHIP and WHEP endpoints ({@code /rtc/room/whip}, {@code /rtc/room/whep/...}): a page on
 * another origin (a web app joining its users to a room) sends a CORS preflight before it POSTs its offer with the
 * participant's token. The preflight is answered here, before resource matching and authentication — it never carries
 * credentials — and every response of these endpoints, refusals included, gets the headers that let the page read it
 * (its {@code Location} included).
 */
@Component(service = {ContainerRequestFilter.class, ContainerResponseFilter.class})
@JaxrsExtension
@JaxrsName("gateway.rooms-cors")
@PreMatching
@Priority(Priorities.AUTHENTICATION - 100)
public final class RoomCors implements ContainerRequestFilter, ContainerResponseFilter {
    private static final String METHODS = "OPTIONS, POST, DELETE";

    @Override
    public void filter(ContainerRequestContext request) {
        if (!HttpMethod.OPTIONS.equals(request.getMethod()) || !isRoomRtc(request)) return;
        request.abortWith(Response.noContent()
                .header("Allow", METHODS)
                .header("Accept-Post", "application/sdp")
                .header("Access-Control-Allow-Methods", METHODS)
                .header("Access-Control-Allow-Headers", "Content-Type, Authorization")
                .header("Access-Control-Max-Age", "600")
                .header("Cache-Control", "no-store").build());
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (!isRoomRtc(request)) return;
        MultivaluedMap<String, Object> h = response.getHeaders();
        h.putSingle("Access-Control-Allow-Origin", "*");
        h.putSingle("Access-Control-Expose-Headers", "Location, Accept-Post");
    }

    private static boolean isRoomRtc(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (path.startsWith("/")) path = path.substring(1);
        return path.equals("rtc/room/whip") || path.startsWith("rtc/room/whip/") || path.equals("rtc/room/whep") || path.startsWith("rtc/room/whep/");
    }
}

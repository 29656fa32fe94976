package gateway.webrtc.internal;

import javax.ws.rs.Path;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/** WHEP for anyone (e.g. a radio station's live stream): while {@code publicPlayback = true}. Listing stays management. */
@Component(service = PublicWhepResource.class)
@JaxrsResource
@JSONRequired
@Path("/whep")
public final class PublicWhepResource extends WhepResource {

    @Activate
    public PublicWhepResource(@Reference(target = "(" + WhepSessions.PUBLIC + "=true)") WhepSessions sessions) {
        super(sessions);
    }
}

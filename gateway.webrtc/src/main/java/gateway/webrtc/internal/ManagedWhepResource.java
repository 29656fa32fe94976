package gateway.webrtc.internal;

import gateway.api.http.Management;
import javax.ws.rs.Path;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/** WHEP behind the management token: the default, while {@code publicPlayback} is not set. */
@Component(service = ManagedWhepResource.class)
@JaxrsResource
@JSONRequired
@Path("/whep")
@Management
public final class ManagedWhepResource extends WhepResource {

    @Activate
    public ManagedWhepResource(@Reference(target = "(!(" + WhepSessions.PUBLIC + "=true))") WhepSessions sessions) {
        super(sessions);
    }
}

package gateway.webrtc.internal;

import javax.ws.rs.Path;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/** WHEP for anyone (e.g. a radio station's live stream): while {@code publicPlayback = true}. Listing stays management. */
@Component(service = PublicWhepResource.class)
@JaxrsResource
@JSONRequired
@Path("/whep")
public final class PublicWhepResource extends WhepResource {

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile WhepSessions sessions;

    /** @param access present while the configuration selects this resource */
    @Activate
    public PublicWhepResource(@Reference(target = "(" + WhepSessions.PUBLIC + "=true)") WhepAccess access) {
    }

    @Override
    protected WhepSessions running() {
        return sessions;
    }
}

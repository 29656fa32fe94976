package gateway.webrtc.internal;

import gateway.api.http.Management;
import javax.ws.rs.Path;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/** WHEP behind the management token: the default, while {@code publicPlayback} is not set. */
@Component(service = ManagedWhepResource.class)
@JaxrsResource
@JSONRequired
@Path("/whep")
@Management
public final class ManagedWhepResource extends WhepResource {

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile WhepSessions sessions;

    /** @param access present while the configuration selects this resource */
    @Activate
    public ManagedWhepResource(@Reference(target = "(!(" + WhepSessions.PUBLIC + "=true))") WhepAccess access) {
    }

    @Override
    protected WhepSessions running() {
        return sessions;
    }
}

package gateway.rooms.rest.internal;

import gateway.api.http.Management;
import javax.ws.rs.Path;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/** {@code POST /token} behind the management token ({@code publicToken = false}). */
@Component(service = ManagedTokenResource.class)
@JaxrsResource
@JSONRequired
@Path("/token")
@Management
public final class ManagedTokenResource extends TokenResource {

    @Activate
    public ManagedTokenResource(@Reference(target = "(!(" + TokenIssuer.PUBLIC + "=true))") TokenIssuer issuer) {
        super(issuer);
    }
}

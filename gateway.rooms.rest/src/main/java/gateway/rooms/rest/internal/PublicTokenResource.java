package gateway.rooms.rest.internal;

import javax.ws.rs.Path;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/** {@code POST /token} without the management token: the default, as the tutorial's server has it. */
@Component(service = PublicTokenResource.class)
@JaxrsResource
@JSONRequired
@Path("/token")
public final class PublicTokenResource extends TokenResource {

    @Activate
    public PublicTokenResource(@Reference(target = "(" + TokenIssuer.PUBLIC + "=true)") TokenIssuer issuer) {
        super(issuer);
    }
}

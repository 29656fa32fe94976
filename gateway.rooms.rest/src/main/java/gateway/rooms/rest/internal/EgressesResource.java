package gateway.rooms.rest.internal;

import gateway.api.http.Management;
import gateway.api.rooms.EgressService;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/** The tutorial's egress endpoints at {@code /egresses}, the path the tutorial's servers mount. */
@Component(service = EgressesResource.class)
@JaxrsResource
@JSONRequired
@Management // class annotations are not inherited: the management filter reads this class's
@Produces(MediaType.APPLICATION_JSON)
@Path("/egresses")
public final class EgressesResource extends EgressEndpoints {
    @Activate
    public EgressesResource(@Reference EgressService egresses) {
        super(egresses);
    }
}

package gateway.core.internal.rest;

import gateway.api.http.Management;
import gateway.core.internal.http.HttpSettings;
import javax.annotation.Priority;
import javax.ws.rs.Priorities;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.container.ResourceInfo;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtension;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;

/** Requires the management bearer token on resources and methods marked {@link Management}. */
@Component(service = ContainerRequestFilter.class)
@JaxrsExtension
@JaxrsName("gateway.management-filter")
@Priority(Priorities.AUTHENTICATION)
public final class ManagementFilter implements ContainerRequestFilter {

    private final HttpSettings settings;

    @Context
    private ResourceInfo resourceInfo;

    @Activate
    public ManagementFilter(@Reference HttpSettings settings) {
        this.settings = settings;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (!isManagement()) return;
        if (settings.access().permits(request.getHeaderString(HttpHeaders.AUTHORIZATION))) return;
        request.abortWith(javax.ws.rs.core.Response.fromResponse(
                        ProblemMapper.problem(401, "Unauthorized", "this management endpoint requires 'Authorization: Bearer <token>'"))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"gateway\"").build());
    }

    private boolean isManagement() {
        if (resourceInfo == null) return false;
        var method = resourceInfo.getResourceMethod();
        var type = resourceInfo.getResourceClass();
        return (method != null && method.isAnnotationPresent(Management.class))
                || (type != null && type.isAnnotationPresent(Management.class));
    }
}

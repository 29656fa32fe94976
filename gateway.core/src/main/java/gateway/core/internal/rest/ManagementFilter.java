package gateway.core.internal.rest;

import gateway.api.http.Management;
import gateway.core.internal.http.HttpSettings;
import gateway.core.internal.http.ManagementRefusalCounter;
import gateway.core.internal.http.ManagementRefusals;
import javax.annotation.Priority;
import javax.servlet.http.HttpServletRequest;
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

/**
 * Requires the management bearer token on resources and methods marked {@link Management}. A refused request is
 * counted and logged (method, path, client address, why — never the token) before it gets 401.
 */
@Component(service = ContainerRequestFilter.class)
@JaxrsExtension
@JaxrsName("gateway.management-filter")
@Priority(Priorities.AUTHENTICATION)
public final class ManagementFilter implements ContainerRequestFilter {

    private final HttpSettings settings;
    private final ManagementRefusals refusals;

    @Context
    private ResourceInfo resourceInfo;

    @Context
    private HttpServletRequest servletRequest;

    @Activate
    public ManagementFilter(@Reference HttpSettings settings, @Reference ManagementRefusals refusals) {
        this.settings = settings;
        this.refusals = refusals;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (!isManagement()) return;
        ManagementRefusalCounter.Reason refused = settings.access().check(request.getHeaderString(HttpHeaders.AUTHORIZATION));
        if (refused == null) return;
        refusals.refused(refused, request.getMethod(), request.getUriInfo().getRequestUri().getRawPath(), remoteAddress());
        request.abortWith(javax.ws.rs.core.Response.fromResponse(
                        ProblemMapper.problem(401, "Unauthorized", "this management endpoint requires 'Authorization: Bearer <token>'"))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"gateway\"").build());
    }

    private String remoteAddress() {
        try {
            return servletRequest == null ? "an unknown address" : servletRequest.getRemoteAddr();
        } catch (RuntimeException outsideARequest) {
            return "an unknown address";
        }
    }

    private boolean isManagement() {
        if (resourceInfo == null) return false;
        var method = resourceInfo.getResourceMethod();
        var type = resourceInfo.getResourceClass();
        return (method != null && method.isAnnotationPresent(Management.class))
                || (type != null && type.isAnnotationPresent(Management.class));
    }
}

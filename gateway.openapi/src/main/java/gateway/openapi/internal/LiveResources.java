package gateway.openapi.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.ws.rs.Path;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceObjects;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.jaxrs.runtime.JaxrsServiceRuntime;
import org.osgi.service.jaxrs.runtime.dto.ApplicationDTO;
import org.osgi.service.jaxrs.runtime.dto.ResourceDTO;
import org.osgi.service.jaxrs.runtime.dto.RuntimeDTO;
import org.osgi.service.jaxrs.whiteboard.JaxrsWhiteboardConstants;

/**
 * The JAX-RS resources being served right now: every whiteboard resource service that the JAX-RS
 * runtime reports as deployed (failed ones are left out), with its application's base path.
 */
@Component(service = LiveResources.class)
public final class LiveResources {

    private final BundleContext context;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile JaxrsServiceRuntime runtime;

    @Activate
    public LiveResources(BundleContext context) {
        this.context = context;
    }

    List<OpenApiDocument.Resource> current() {
        Map<Long, String> deployed = deployedResources();
        List<OpenApiDocument.Resource> out = new ArrayList<>();
        ServiceReference<?>[] refs;
        try {
            refs = context.getAllServiceReferences(null, "(" + JaxrsWhiteboardConstants.JAX_RS_RESOURCE + "=true)");
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        if (refs == null) return out;
        for (ServiceReference<?> ref : refs) {
            Long id = (Long) ref.getProperty("service.id");
            if (deployed != null && !deployed.containsKey(id)) continue;
            Bundle bundle = ref.getBundle();
            if (bundle == null) continue; // unregistered meanwhile
            Class<?> type = resourceClass(ref, bundle);
            if (type != null) {
                out.add(new OpenApiDocument.Resource(type, deployed == null ? "" : deployed.get(id), bundle.getSymbolicName()));
            }
        }
        return out;
    }

    /** Service id → application base path of every deployed resource, or null without a JAX-RS runtime. */
    private Map<Long, String> deployedResources() {
        JaxrsServiceRuntime rt = runtime;
        if (rt == null) return null;
        RuntimeDTO dto = rt.getRuntimeDTO();
        Map<Long, String> ids = new HashMap<>();
        collect(dto.defaultApplication, ids);
        if (dto.applicationDTOs != null) for (ApplicationDTO app : dto.applicationDTOs) collect(app, ids);
        return ids;
    }

    private static void collect(ApplicationDTO app, Map<Long, String> ids) {
        if (app == null || app.resourceDTOs == null) return;
        for (ResourceDTO r : app.resourceDTOs) ids.put(r.serviceId, app.base == null ? "" : app.base);
    }

    /** The class carrying the JAX-RS annotations, found without instantiating the service where possible. */
    private Class<?> resourceClass(ServiceReference<?> ref, Bundle bundle) {
        Object classes = ref.getProperty("objectClass");
        if (classes instanceof String[] names) {
            for (String name : names) {
                try {
                    Class<?> c = bundle.loadClass(name);
                    if (c.isAnnotationPresent(Path.class)) return c;
                } catch (ClassNotFoundException | IllegalStateException ignored) {
                    // not visible or bundle gone; fall back to the service object
                }
            }
        }
        return serviceClass(ref);
    }

    private <S> Class<?> serviceClass(ServiceReference<S> ref) {
        ServiceObjects<S> objects = context.getServiceObjects(ref);
        if (objects == null) return null;
        S service = objects.getService();
        if (service == null) return null;
        try {
            return service.getClass();
        } finally {
            objects.ungetService(service);
        }
    }
}

package gateway.core.internal.rest;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.jaxrs.runtime.dto.ApplicationDTO;
import org.osgi.service.jaxrs.runtime.dto.BaseDTO;
import org.osgi.service.jaxrs.runtime.dto.RuntimeDTO;

/**
 * Whether the HTTP API has settled: every REST resource registered as a service has been taken up by the
 * JAX-RS whiteboard (deployed, or refused with a reason shown on {@code /plugins}). Resources register
 * independently of each other, so right after start or a plugin update one endpoint can answer while
 * another is still being deployed; {@code /ping} answers 503 until they all can. A resource that the
 * whiteboard ignores for more than {@value #IGNORED_AFTER_MILLIS} ms (it targets another whiteboard) does
 * not hold readiness back. Nor is the gateway ready while the framework is still starting or already stopping.
 */
@Component(service = ApiReadiness.class)
public final class ApiReadiness {
    private static final String RESOURCES = "(osgi.jaxrs.resource=true)";
    static final long IGNORED_AFTER_MILLIS = 10_000;

    private final BundleContext context;
    private final RuntimeDtoCache dtos;
    private final Map<Long, Long> pendingSince = new ConcurrentHashMap<>();

    /** The whiteboard's runtime is looked up when readiness is asked for, never while this component is made. */
    @Activate
    public ApiReadiness(BundleContext context) {
        this(context, RuntimeDtoCache.of(context));
    }

    ApiReadiness(BundleContext context, RuntimeDtoCache dtos) {
        this.context = context;
        this.dtos = dtos;
    }

    /**
     * @return {@code null} while the framework is running, else why the gateway is not ready: the framework is
     *         still starting its bundles, or stopping them
     */
    public String lifecycle() {
        int state = context.getBundle(0).getState();
        if (state == org.osgi.framework.Bundle.ACTIVE) return null;
        return state == org.osgi.framework.Bundle.STOPPING ? "the gateway is stopping" : "the gateway is starting";
    }

    /**
     * @return how many registered REST resources the whiteboard has not taken up yet (0 = settled). The answer 0 may
     *         come from the whiteboard's DTO as of its last change; any other answer is checked against a DTO asked
     *         for now, so a resource is never reported pending because of an outdated DTO.
     */
    public int pending() {
        Set<Long> registered = registered();
        if (registered.isEmpty()) return 0;
        int pending = pending(registered, dtos.current());
        return pending == 0 ? 0 : pending(registered, dtos.fresh());
    }

    private int pending(Set<Long> registered, RuntimeDTO dto) {
        Set<Long> known = new HashSet<>();
        addAll(known, dto.defaultApplication == null ? null : dto.defaultApplication.resourceDTOs);
        if (dto.applicationDTOs != null) for (ApplicationDTO a : dto.applicationDTOs) addAll(known, a.resourceDTOs);
        addAll(known, dto.failedResourceDTOs);
        long now = System.currentTimeMillis();
        pendingSince.keySet().retainAll(registered);
        int pending = 0;
        for (Long id : registered) {
            if (known.contains(id)) {
                pendingSince.remove(id);
            } else if (now - pendingSince.computeIfAbsent(id, x -> now) < IGNORED_AFTER_MILLIS) {
                pending++;
            }
        }
        return pending;
    }

    private Set<Long> registered() {
        Set<Long> ids = new HashSet<>();
        try {
            ServiceReference<?>[] refs = context.getAllServiceReferences(null, RESOURCES);
            if (refs != null) for (ServiceReference<?> r : refs) ids.add((Long) r.getProperty("service.id"));
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        return ids;
    }

    private static void addAll(Set<Long> ids, BaseDTO[] dtos) {
        if (dtos != null) for (BaseDTO d : dtos) ids.add(d.serviceId);
    }
}

package gateway.core.internal.rest;

import java.util.Objects;
import java.util.function.Supplier;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.jaxrs.runtime.JaxrsServiceRuntime;
import org.osgi.service.jaxrs.runtime.dto.RuntimeDTO;

/**
 * The JAX-RS whiteboard's {@link RuntimeDTO}, asked of the whiteboard again only when its runtime service's
 * {@code service.changecount} moved. Building the DTO introspects every deployed resource class (about 15 ms of
 * CPU with the gateway's endpoints), far too much for each {@code /ping} of a load balancer or each 404.
 * Without a change count (a runtime that does not publish one) every call asks the whiteboard. The DTO handed out
 * is shared: callers read it and never change it.
 */
final class RuntimeDtoCache {
    private static final String CHANGE_COUNT = "service.changecount";

    private final JaxrsServiceRuntime runtime;
    private final Supplier<Object> changeCount;
    private volatile Snapshot last;

    private record Snapshot(Object changeCount, RuntimeDTO dto) {}

    RuntimeDtoCache(JaxrsServiceRuntime runtime, Supplier<Object> changeCount) {
        this.runtime = Objects.requireNonNull(runtime);
        this.changeCount = Objects.requireNonNull(changeCount);
    }

    /**
     * A cache of the runtime service registered in {@code context} at each question, looked up only when the DTO is
     * asked for: a component that holds the cache never needs the runtime service while it is made. (When the HTTP
     * server moves, the whiteboard goes and comes back, and makes the resources that a component serves while its
     * new runtime service is being registered; a component that took the runtime as a reference then could fail to
     * be made, and the whiteboard would leave its resource undeployed.) Without a runtime, the DTO is an empty one.
     *
     * @return a cache whose change count is that of the runtime service registered in {@code context}
     */
    static RuntimeDtoCache of(BundleContext context) {
        JaxrsServiceRuntime current = () -> {
            ServiceReference<JaxrsServiceRuntime> ref = context.getServiceReference(JaxrsServiceRuntime.class);
            JaxrsServiceRuntime runtime = ref == null ? null : context.getService(ref);
            if (runtime == null) return new RuntimeDTO();
            try {
                return runtime.getRuntimeDTO();
            } finally {
                context.ungetService(ref);
            }
        };
        return new RuntimeDtoCache(current, () -> {
            ServiceReference<JaxrsServiceRuntime> ref = context.getServiceReference(JaxrsServiceRuntime.class);
            return ref == null ? null : ref.getProperty(CHANGE_COUNT);
        });
    }

    /** @return the DTO as of the runtime's current change count, asked again only if the count moved */
    RuntimeDTO current() {
        Object count = changeCount.get();
        Snapshot s = last;
        if (count != null && s != null && count.equals(s.changeCount())) return s.dto();
        return ask(count);
    }

    /** @return the DTO asked of the whiteboard now, whatever the change count says */
    RuntimeDTO fresh() {
        return ask(changeCount.get());
    }

    private RuntimeDTO ask(Object count) {
        // The count is read before the DTO: a change in between leaves an older count with a newer DTO, which the
        // next call asks again for; never a newer count with an older DTO.
        RuntimeDTO dto = runtime.getRuntimeDTO();
        last = new Snapshot(count, dto);
        return dto;
    }
}

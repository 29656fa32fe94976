package gateway.core.internal.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.jaxrs.runtime.JaxrsServiceRuntime;
import org.osgi.service.jaxrs.runtime.dto.RuntimeDTO;
import org.junit.jupiter.api.Test;

class RuntimeDtoCacheTest {
    private final AtomicInteger asked = new AtomicInteger();
    private final JaxrsServiceRuntime runtime = () -> {
        asked.incrementAndGet();
        return new RuntimeDTO();
    };

    @Test
    void theWhiteboardIsAskedAgainOnlyWhenItsChangeCountMoves() {
        AtomicReference<Object> count = new AtomicReference<>(7L);
        RuntimeDtoCache cache = new RuntimeDtoCache(runtime, count::get);
        RuntimeDTO first = cache.current();
        assertSame(first, cache.current());
        assertSame(first, cache.current());
        assertEquals(1, asked.get());
        count.set(8L);
        RuntimeDTO second = cache.current();
        assertNotSame(first, second);
        assertSame(second, cache.current());
        assertEquals(2, asked.get());
    }

    @Test
    void freshAlwaysAsksAndWhatItGotIsWhatCurrentAnswersNext() {
        RuntimeDtoCache cache = new RuntimeDtoCache(runtime, () -> 1L);
        RuntimeDTO a = cache.current();
        RuntimeDTO b = cache.fresh();
        assertNotSame(a, b);
        assertSame(b, cache.current());
        assertEquals(2, asked.get());
    }

    @Test
    void withoutAChangeCountEveryCallAsks() {
        RuntimeDtoCache cache = new RuntimeDtoCache(runtime, () -> null);
        cache.current();
        cache.current();
        cache.current();
        assertEquals(3, asked.get());
    }

    /**
     * The components that hold the cache (readiness, the problem mapper) are made while the whiteboard registers its
     * runtime after the HTTP server moved; so the cache must not need the runtime until it is asked for a DTO.
     */
    @Test
    void aCacheOfTheRegisteredRuntimeLooksItUpOnlyWhenAskedAndGivesItBack() {
        AtomicReference<ServiceReference<?>> registered = new AtomicReference<>();
        List<String> calls = new ArrayList<>();
        ServiceReference<?> ref = (ServiceReference<?>) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ServiceReference.class}, (proxy, method, args) ->
                        method.getName().equals("getProperty") ? 5L : null);
        BundleContext context = (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {BundleContext.class}, (proxy, method, args) -> {
                    calls.add(method.getName());
                    return switch (method.getName()) {
                        case "getServiceReference" -> registered.get();
                        case "getService" -> runtime;
                        case "ungetService" -> true;
                        default -> throw new UnsupportedOperationException(method.getName());
                    };
                });

        RuntimeDtoCache cache = RuntimeDtoCache.of(context);
        assertEquals(List.of(), calls, "nothing looked up while the holder is made");
        RuntimeDTO none = cache.current();
        assertNull(none.defaultApplication, "without a runtime: an empty DTO");
        assertEquals(0, asked.get());

        registered.set(ref);
        calls.clear();
        RuntimeDTO dto = cache.current();
        assertNotSame(none, dto);
        assertEquals(1, asked.get());
        assertEquals(List.of("getServiceReference", "getServiceReference", "getService", "ungetService"), calls,
                "the change count, then the runtime, got and given back");
        assertSame(dto, cache.current(), "the same change count: no second question");
        assertEquals(1, asked.get());
    }
}

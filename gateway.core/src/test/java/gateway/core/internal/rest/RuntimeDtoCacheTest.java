package gateway.core.internal.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
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
}

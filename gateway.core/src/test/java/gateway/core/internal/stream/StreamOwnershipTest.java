package gateway.core.internal.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.api.stream.LiveStream;
import gateway.api.stream.MediaHandler;
import gateway.api.stream.StreamFormat;
import gateway.api.stream.StreamPublisher;
import gateway.api.stream.StreamRegistry;
import gateway.api.stream.StreamSpec;
import gateway.api.stream.StreamState;
import gateway.core.internal.event.EventBus;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Only the publisher returned by open() controls a stream; what everybody else gets is read-only. */
@Timeout(60) // a regression that deadlocks fails instead of hanging the build
class StreamOwnershipTest {
    private final StreamTable table = new StreamTable(new EventBus());
    private final StreamRegistry registry = TestHandlers.registry(table);

    @AfterEach
    void stop() {
        table.deactivate();
    }

    /** Every LiveStream a plugin can get hold of for one stream. */
    private List<LiveStream> everyViewOf(StreamPublisher publisher, LiveStream attached) {
        String id = publisher.stream().id();
        List<LiveStream> views = new ArrayList<>();
        views.add(publisher.stream());
        views.add(registry.find(id).orElseThrow());
        views.add(registry.streams().stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow());
        views.add(attached);
        return views;
    }

    @Test
    void aLiveStreamCannotBeCastToItsPublisher() throws Exception {
        CompletableFuture<LiveStream> handed = new CompletableFuture<>();
        table.addHandler(stream -> {
            handed.complete(stream);
            return packet -> { };
        }, TestHandlers.reference(Map.of(MediaHandler.NAME, "curious")));
        StreamPublisher publisher = registry.open(StreamSpec.of("owner", StreamFormat.OPUS_48K_STEREO));
        LiveStream attached = handed.get(10, TimeUnit.SECONDS);
        for (LiveStream view : everyViewOf(publisher, attached)) {
            assertFalse(view instanceof StreamPublisher, "a LiveStream is not a publisher: " + view.getClass());
            assertFalse(view instanceof AutoCloseable, "nor can it be closed");
            assertThrows(ClassCastException.class, () -> {
                StreamPublisher hijacked = (StreamPublisher) (Object) view;
                hijacked.fail("taken over");
            });
        }
        assertTrue(publisher.stream() == attached, "one read-only object per stream");
        assertEquals(StreamState.STARTING, publisher.stream().state(), "nobody but the owner changed it");
        publisher.end("done");
    }

    @Test
    void noPublicMethodOfALiveStreamLeadsToItsPublisherOrChangesTheStream() {
        StreamPublisher publisher = registry.open(StreamSpec.of("owner", StreamFormat.OPUS_48K_STEREO));
        LiveStream stream = publisher.stream();
        Set<String> readOnly = Arrays.stream(LiveStream.class.getMethods()).map(Method::getName).collect(java.util.stream.Collectors.toSet());
        for (Class<?> c = stream.getClass(); c != null; c = c.getSuperclass()) {
            for (Method m : c.getDeclaredMethods()) {
                if (!Modifier.isPublic(m.getModifiers()) || m.isSynthetic()) continue;
                assertFalse(StreamPublisher.class.isAssignableFrom(m.getReturnType()), "reaches the publisher: " + m);
                assertTrue(readOnly.contains(m.getName()) || Set.of("toString", "equals", "hashCode", "getClass", "wait",
                        "notify", "notifyAll").contains(m.getName()), "a public method beyond LiveStream's: " + m);
            }
        }
        for (Class<?> i : stream.getClass().getInterfaces()) assertEquals(LiveStream.class, i, "implements only LiveStream");
        publisher.end("done");
    }

    @Test
    void theOwnersPublisherStillFeedsAndEndsTheStream() {
        StreamPublisher publisher = registry.open(StreamSpec.of("owner", StreamFormat.OPUS_48K_STEREO));
        publisher.send(0, 20_000, java.nio.ByteBuffer.wrap(new byte[3]));
        assertEquals(StreamState.LIVE, registry.find(publisher.stream().id()).orElseThrow().state());
        publisher.fail("bad input");
        LiveStream s = registry.find(publisher.stream().id()).orElseThrow();
        assertEquals(StreamState.FAILED, s.state());
        assertEquals("bad input", s.reason().orElseThrow());
        publisher.end("too late");
        assertEquals("bad input", s.reason().orElseThrow(), "only the first end counts");
    }
}

package gateway.core.internal.stream;

import gateway.api.stream.MediaHandler;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.osgi.framework.Filter;

/**
 * One registered {@link MediaHandler} service and the attachments the whiteboard made for it, one per stream
 * at most. Its lock guards only that bookkeeping and is never held while handler code runs, so a slow handler
 * cannot hold up {@code open()} or another handler.
 */
final class WhiteboardHandler {
    private final MediaHandler handler;
    private final String name;
    private final Filter target;
    private final int queue;
    private final boolean direct;
    /**
     * By stream id, for as long as the stream is in the registry — including declined and failed attempts, so
     * that a stream is offered to the handler once, however open() and the handler's registration interleave.
     */
    private final Map<String, HandlerAttachment> attachments = new HashMap<>();
    private boolean retired;

    WhiteboardHandler(MediaHandler handler, String name, Filter target, int queue, boolean direct) {
        this.handler = handler;
        this.direct = direct;
        this.name = name;
        this.target = target;
        this.queue = queue;
    }

    String name() {
        return name;
    }

    boolean matches(Map<String, Object> streamProperties) {
        return target == null || target.matches(streamProperties);
    }

    /** Attaches to the stream unless this handler has already been offered it or has gone away. */
    synchronized void attachTo(RegisteredStream stream) {
        if (retired || stream.state().isTerminal() || attachments.containsKey(stream.id())) return;
        HandlerAttachment a = HandlerAttachment.whiteboard(name, stream, queue, direct, handler);
        attachments.put(stream.id(), a);
        stream.add(a);
        a.start(); // the handler's attach runs on the attachment's thread, after this lock is released
    }

    /** The service is going away: no new attachments; returns the ones to detach. */
    synchronized List<HandlerAttachment> retire() {
        retired = true;
        List<HandlerAttachment> all = List.copyOf(attachments.values());
        attachments.clear();
        return all;
    }

    /** The registry forgot the stream. */
    synchronized void forget(String streamId) {
        attachments.remove(streamId);
    }
}

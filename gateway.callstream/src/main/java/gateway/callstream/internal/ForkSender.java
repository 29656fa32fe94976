package gateway.callstream.internal;

import java.net.http.WebSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fork's outgoing side: a bounded buffer of text messages and one send at a time on the WebSocket (the JDK
 * client allows one outstanding text send). Messages are {@link MessageText}s, one byte per character. Offering
 * never blocks, so the media path never waits for the network: a receiver that reads too slowly makes the buffer
 * grow, is warned about at 30, 60 and 90 % of it, and is dropped when it is full.
 */
final class ForkSender {
    /** What the fork hears about its buffer and socket. */
    interface Listener {
        /** The media buffer reached {@code percent} of its capacity (30, 60 or 90). */
        void degraded(int percent, long bufferedMillis);

        /** The media buffer is full: the receiver is too slow. */
        void overflow(long bufferedMillis);

        /** A send failed: the socket is broken. */
        void failed(Throwable error);

        /** A media message has been sent (handed to the socket), {@code arrivalMillis} being when its packet reached the gateway. */
        void sent(Track track, int length, long arrivalMillis);
    }

    private static final int[] LEVELS = {30, 60, 90};
    private static final Object CLOSE = new Object();

    /** A message; {@code track} is {@code null} for one that is not media. */
    private record Item(MessageText text, Track track, long arrivalMillis) {
        boolean media() {
            return track != null;
        }
    }

    private final WebSocket socket;
    private final int capacity;
    private final Listener listener;
    private final ConcurrentLinkedQueue<Object> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger mediaQueued = new AtomicInteger();
    private final AtomicInteger warned = new AtomicInteger();
    private final AtomicBoolean busy = new AtomicBoolean();
    private volatile boolean closing;
    private volatile int closeCode = WebSocket.NORMAL_CLOSURE;
    private volatile String closeReason = "";
    private final CompletableFuture<Void> closed = new CompletableFuture<>();

    /**
     * @param socket   the connected WebSocket
     * @param capacity media messages the buffer holds (e.g. 40 s of 20 ms chunks per track)
     */
    ForkSender(WebSocket socket, int capacity, Listener listener) {
        this.socket = socket;
        this.capacity = capacity;
        this.listener = listener;
    }

    /**
     * Queues a message that is not media ({@code start}, {@code playedStream}, ...); never refused for space.
     *
     * @return whether it was queued (not once the sender is closing)
     */
    boolean offer(MessageText text) {
        return offer(new Item(text, null, 0));
    }

    /**
     * Queues a media message; it is refused when the buffer is full (and the listener told).
     *
     * @param arrivalMillis when its packet reached the gateway
     * @return whether it was queued
     */
    boolean offerMedia(MessageText text, Track track, long arrivalMillis) {
        return offer(new Item(text, track, arrivalMillis));
    }

    private boolean offer(Item item) {
        if (closing) return false;
        if (item.media()) {
            int q = mediaQueued.incrementAndGet();
            if (q > capacity) {
                mediaQueued.decrementAndGet();
                listener.overflow(bufferedMillis());
                return false;
            }
            checkLevel(q);
        }
        queue.add(item);
        pump();
        return true;
    }

    /** @return the media waiting to be sent, in milliseconds of audio per track summed */
    long bufferedMillis() {
        return mediaQueued.get() * (long) MediaFormat.CHUNK_MILLIS;
    }

    /** @return media messages waiting */
    int queued() {
        return mediaQueued.get();
    }

    /**
     * Sends what is queued, then a close frame; nothing more is accepted.
     *
     * @return completes once the close frame is sent (or the socket failed)
     */
    CompletableFuture<Void> closeAfterDrain(int code, String reason) {
        if (!closing) {
            closeCode = code;
            closeReason = reason.length() > 100 ? reason.substring(0, 100) : reason;
            closing = true;
            queue.add(CLOSE);
            pump();
        }
        return closed;
    }

    private void checkLevel(int q) {
        int percent = (int) (q * 100L / capacity);
        if (percent < LEVELS[0]) {
            warned.set(0); // recovered: warn again next time
            return;
        }
        for (int i = LEVELS.length - 1; i >= 0; i--) {
            int level = LEVELS[i];
            if (percent >= level) {
                int before = warned.get();
                if (before < level && warned.compareAndSet(before, level)) listener.degraded(level, bufferedMillis());
                return;
            }
        }
    }

    private void pump() {
        while (busy.compareAndSet(false, true)) {
            Object next = queue.poll();
            if (next == null) {
                busy.set(false);
                if (queue.isEmpty()) return;
                continue;
            }
            CompletableFuture<WebSocket> sent;
            try {
                sent = next == CLOSE ? socket.sendClose(closeCode, closeReason) : socket.sendText(((Item) next).text(), true);
            } catch (RuntimeException e) {
                sent = CompletableFuture.failedFuture(e);
            }
            if (sent.isDone()) {
                if (!finish(next, sent)) return;
                continue;
            }
            CompletableFuture<WebSocket> pending = sent;
            pending.whenComplete((ws, error) -> {
                if (finish(next, pending)) pump();
            });
            return;
        }
    }

    /** @return whether to go on sending */
    private boolean finish(Object item, CompletableFuture<WebSocket> sent) {
        Throwable error = sent.isCompletedExceptionally() ? sent.handle((ws, t) -> t).join() : null;
        if (item instanceof Item i && i.media()) {
            mediaQueued.decrementAndGet();
            if (error == null) listener.sent(i.track(), i.text().length(), i.arrivalMillis());
        }
        if (item == CLOSE) closed.complete(null);
        if (error != null) {
            closing = true;
            queue.clear();
            mediaQueued.set(0);
            closed.complete(null);
            listener.failed(error instanceof java.util.concurrent.CompletionException c && c.getCause() != null ? c.getCause() : error);
            return false;
        }
        busy.set(false);
        return item != CLOSE;
    }
}

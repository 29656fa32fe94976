package gateway.callstream.internal;

import gateway.callstream.internal.websocket.WebSocketConnection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fork's outgoing side: a bounded buffer of text messages in front of the WebSocket's writer thread. Messages
 * are {@link MessageText}s, ASCII bytes that go into the frame as they are. Offering never blocks, so the media
 * path never waits for the network: a receiver that reads too slowly makes the buffer grow, is warned about at
 * 30, 60 and 90 % of it, and is dropped when it is full.
 */
final class ForkSender {
    /** What the fork hears about its buffer and socket. */
    interface Listener {
        /** The media buffer reached {@code percent} of its capacity (30, 60 or 90). */
        void degraded(int percent, long bufferedMillis);

        /** The media buffer is full: the receiver is too slow. */
        void overflow(long bufferedMillis);

        /** A media message has been sent (handed to the socket), {@code arrivalMillis} being when its packet reached the gateway. */
        void sent(Track track, int length, long arrivalMillis);
    }

    private static final int[] LEVELS = {30, 60, 90};

    /** A message; {@code track} is {@code null} for one that is not media. */
    private final class Item implements WebSocketConnection.Outgoing {
        private final MessageText text;
        private final Track track;
        private final long arrivalMillis;

        Item(MessageText text, Track track, long arrivalMillis) {
            this.text = text;
            this.track = track;
            this.arrivalMillis = arrivalMillis;
        }

        @Override
        public byte[] bytes() {
            return text.bytes();
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public void written() {
            if (track == null) return;
            mediaQueued.decrementAndGet();
            listener.sent(track, text.length(), arrivalMillis);
        }
    }

    private final WebSocketConnection socket;
    private final int capacity;
    private final Listener listener;
    private final AtomicInteger mediaQueued = new AtomicInteger();
    private final AtomicInteger warned = new AtomicInteger();
    private volatile boolean closing;

    /**
     * @param socket   the connected WebSocket
     * @param capacity media messages the buffer holds (e.g. 40 s of 20 ms chunks per track)
     */
    ForkSender(WebSocketConnection socket, int capacity, Listener listener) {
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
        return !closing && socket.send(new Item(text, null, 0));
    }

    /**
     * Queues a media message; it is refused when the buffer is full (and the listener told).
     *
     * @param arrivalMillis when its packet reached the gateway
     * @return whether it was queued
     */
    boolean offerMedia(MessageText text, Track track, long arrivalMillis) {
        if (closing) return false;
        int q = mediaQueued.incrementAndGet();
        if (q > capacity) {
            mediaQueued.decrementAndGet();
            listener.overflow(bufferedMillis());
            return false;
        }
        checkLevel(q);
        if (socket.send(new Item(text, track, arrivalMillis))) return true;
        mediaQueued.decrementAndGet();
        return false;
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
     * @return completes once the close handshake is over (or the socket failed)
     */
    CompletableFuture<Void> closeAfterDrain(int code, String reason) {
        closing = true;
        return socket.close(code, reason.length() > 100 ? reason.substring(0, 100) : reason);
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
}

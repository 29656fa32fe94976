package gateway.callstream.internal;

import gateway.callstream.internal.websocket.WebSocketConnection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fork's outgoing side: a bounded buffer of text messages in front of the WebSocket's writer thread. Media
 * messages wait as their values and are written, as ASCII, straight into their frames; others are
 * {@link MessageText}s. Offering never blocks, so the media
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

    /** A message that is not media. */
    private static final class Item implements WebSocketConnection.Outgoing {
        private final MessageText text;

        Item(MessageText text) {
            this.text = text;
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public void writeTo(byte[] target, int offset) {
            text.writeTo(target, offset);
        }

        @Override
        public void written() {
            // nothing is counted for messages that are not media
        }
    }

    /**
     * A media message, kept as its values until the writer writes its text straight into the frame (the payload
     * is the call's shared base64). Once written it goes back to the sender's spares and carries a later chunk, so
     * a stream that keeps up allocates nothing per chunk.
     */
    private final class Media implements WebSocketConnection.Outgoing {
        private long sequence;
        private long timestampMillis;
        private long chunk;
        private byte[] payload;
        private Track track;
        private int length;

        Media set(long sequence, Track track, long timestampMillis, long chunk, byte[] payload) {
            this.sequence = sequence;
            this.track = track;
            this.timestampMillis = timestampMillis;
            this.chunk = chunk;
            this.payload = payload;
            this.length = messages.mediaLength(sequence, track, timestampMillis, chunk, payload.length);
            return this;
        }

        @Override
        public int length() {
            return length;
        }

        @Override
        public void writeTo(byte[] target, int offset) {
            messages.writeMedia(target, offset, sequence, track, timestampMillis, chunk, payload);
        }

        @Override
        public void written() {
            mediaQueued.decrementAndGet();
            listener.sent(track, length, timestampMillis);
            payload = null; // the call's chunk is not kept alive by a spare
            release(this);
        }
    }

    /** Spare media messages: enough for the frames a writer has in flight at once, more are allocated. */
    private static final int SPARES = 16;

    private final WebSocketConnection socket;
    private final ForkMessages messages;
    private final int capacity;
    private final Listener listener;
    private final AtomicInteger mediaQueued = new AtomicInteger();
    private final AtomicInteger warned = new AtomicInteger();
    private final Media[] spares = new Media[SPARES];
    private int spareCount; // guarded by spares
    private volatile boolean closing;

    /**
     * @param socket   the connected WebSocket
     * @param messages writes the stream's media messages
     * @param capacity media messages the buffer holds (e.g. 40 s of 20 ms chunks per track)
     */
    ForkSender(WebSocketConnection socket, ForkMessages messages, int capacity, Listener listener) {
        this.socket = socket;
        this.messages = messages;
        this.capacity = capacity;
        this.listener = listener;
    }

    /**
     * Queues a message that is not media ({@code start}, {@code playedStream}, ...); never refused for space.
     *
     * @return whether it was queued (not once the sender is closing)
     */
    boolean offer(MessageText text) {
        return !closing && socket.send(new Item(text));
    }

    /**
     * Queues a media message; it is refused when the buffer is full (and the listener told).
     *
     * @param sequence      the message's {@code sequenceNumber}
     * @param arrivalMillis when its packet reached the gateway: the message's {@code timestamp}
     * @param chunk         the chunk's number in its track
     * @param payload       the chunk, base64 (only read)
     * @return whether it was queued
     */
    boolean offerMedia(long sequence, Track track, long arrivalMillis, long chunk, byte[] payload) {
        if (closing) return false;
        int q = mediaQueued.incrementAndGet();
        if (q > capacity) {
            mediaQueued.decrementAndGet();
            listener.overflow(bufferedMillis());
            return false;
        }
        checkLevel(q);
        if (socket.send(media().set(sequence, track, arrivalMillis, chunk, payload))) return true;
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

    private Media media() {
        synchronized (spares) {
            if (spareCount > 0) {
                Media m = spares[--spareCount];
                spares[spareCount] = null;
                return m;
            }
        }
        return new Media();
    }

    private void release(Media m) {
        synchronized (spares) {
            if (spareCount < SPARES) spares[spareCount++] = m;
        }
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

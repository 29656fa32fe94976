package gateway.core.internal.stream;

import gateway.api.stream.Attachment;
import gateway.api.stream.AttachmentInfo;
import gateway.api.stream.AttachmentState;
import gateway.api.stream.MediaHandler;
import gateway.api.stream.MediaPacket;
import gateway.api.stream.MediaSession;
import gateway.api.stream.StreamRegistry;
import gateway.api.stream.StreamState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One handler attached to one stream: a bounded mailbox drained by the attachment's own virtual thread, so
 * the publisher never waits for a handler. The same thread first calls the whiteboard handler's
 * {@code attach}, so a slow {@code attach} holds up only this attachment while packets queue. Packets beyond
 * the capacity are dropped and counted; control signals (metadata, end, detach) always get through.
 *
 * <p>With direct delivery ({@link MediaHandler#DIRECT_DELIVERY}) a packet that finds nothing pending is handed
 * to the session on the publisher's thread instead. Every callback, on either thread, is made under
 * {@link #callbacks}, and an item counts as pending until its callback has returned, so the callbacks stay one at
 * a time and in order, and none runs after the final one. The publisher only ever tries that lock: held by the
 * attachment's thread (its final callback, which a packet racing with the end can meet), the packet takes the queue,
 * so the publisher never waits for the attachment's thread.
 */
final class HandlerAttachment implements Attachment {
    private static final Logger LOG = LoggerFactory.getLogger(HandlerAttachment.class);
    private static final AtomicLong IDS = new AtomicLong();
    /** How long a departing handler or bundle waits for its sessions' final callbacks. */
    static final Duration DETACH_TIMEOUT = Duration.ofSeconds(StreamRegistry.DETACH_TIMEOUT_SECONDS);

    private static final long DIRECT_SLOW_NANOS = StreamRegistry.DIRECT_SLOW_MILLIS * 1_000_000L;

    private static final int OPEN = 0;
    private static final int ENDED = 1;
    private static final int DETACHED = 2;

    private sealed interface Signal permits Metadata, End, Detach {}
    private record Metadata(Map<String, String> metadata) implements Signal {}
    private record End(StreamState state, String reason) implements Signal {}
    private record Detach() implements Signal {}

    private final String id = Long.toString(IDS.incrementAndGet());
    private final String handlerName;
    private final RegisteredStream stream;
    private final int capacity;
    /** The whiteboard handler whose {@code attach} this attachment's thread calls first; null when requested. */
    private volatile MediaHandler handler;
    private final LinkedBlockingQueue<Object> mailbox = new LinkedBlockingQueue<>();
    private final AtomicInteger queuedPackets = new AtomicInteger();
    /** Packets and metadata queued or being handed over by the attachment's thread. */
    private final AtomicInteger pending = new AtomicInteger();
    /** Held by whichever thread calls the session. */
    private final ReentrantLock callbacks = new ReentrantLock();
    /** Whether packets may be handed over on the publisher's thread; cleared for good by slow callbacks. */
    private volatile boolean direct;
    private int slowDirect; // guarded by callbacks
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    /** OPEN, then ENDED or DETACHED: which final signal is queued; no input is accepted after OPEN. */
    private final AtomicInteger end = new AtomicInteger(OPEN);
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile MediaSession session;
    /** The session exists (it stays true after the session is released at the end). */
    private volatile boolean attached;
    /** Set on detach: queued packets are dropped instead of delivered, so the final callback comes promptly. */
    private volatile boolean discarding;
    private volatile String failure;
    private volatile Thread worker;

    private HandlerAttachment(String handlerName, RegisteredStream stream, int capacity, boolean direct,
                              MediaHandler handler, MediaSession session) {
        this.handlerName = handlerName;
        this.direct = direct;
        this.stream = stream;
        this.capacity = capacity;
        this.handler = handler;
        this.session = session;
        this.attached = session != null;
    }

    /** An attachment whose thread will call {@code handler.attach} itself (the whiteboard). */
    static HandlerAttachment whiteboard(String handlerName, RegisteredStream stream, int capacity, boolean direct,
                                        MediaHandler handler) {
        return new HandlerAttachment(handlerName, stream, capacity, direct, handler, null);
    }

    /** An attachment for a session the requester's thread already got from {@code attach}. */
    static HandlerAttachment requested(String handlerName, RegisteredStream stream, int capacity, boolean direct,
                                       MediaSession session) {
        return new HandlerAttachment(handlerName, stream, capacity, direct, null, session);
    }

    /** Starts the attachment's thread; call once, after the attachment was added to its stream. */
    void start() {
        worker = Thread.ofVirtual().name("media-" + handlerName + "-" + stream.id()).start(this::run);
    }

    String streamId() {
        return stream.id();
    }

    String handlerName() {
        return handlerName;
    }

    boolean isDetached() {
        return end.get() == DETACHED;
    }

    /** @return true once the attachment's thread has made its last call to the handler */
    boolean isFinished() {
        return finished.getCount() == 0;
    }

    /** Called on the publisher's thread: never blocks. */
    void offer(MediaPacket packet) {
        if (end.get() != OPEN || failure != null) return;
        MediaSession s = session;
        // nothing pending: the attachment's thread has returned from every earlier callback, so this one is next
        if (direct && s != null && pending.get() == 0 && deliverDirect(s, packet)) return;
        if (queuedPackets.incrementAndGet() > capacity) {
            queuedPackets.decrementAndGet();
            dropped.incrementAndGet();
            return;
        }
        pending.incrementAndGet();
        mailbox.add(packet);
    }

    /**
     * A packet handed over on the publisher's thread; not after the final callback or a failure.
     *
     * @return false if the attachment's thread is in a callback: the packet goes to the queue instead
     */
    private boolean deliverDirect(MediaSession s, MediaPacket packet) {
        if (!callbacks.tryLock()) return false;
        try {
            if (end.get() != OPEN || failure != null) return true; // discarding comes only after the end
            long start = System.nanoTime();
            deliver(s, packet);
            long tookNanos = System.nanoTime() - start;
            if (tookNanos > DIRECT_SLOW_NANOS && ++slowDirect >= StreamRegistry.DIRECT_SLOW_LIMIT && direct) {
                direct = false;
                LOG.warn("Media handler {} on stream {}: {} packets took more than {} ms each on the publisher's thread"
                                + " (the last {} ms); its packets go through its queue from now on",
                        handlerName, stream.id(), slowDirect, StreamRegistry.DIRECT_SLOW_MILLIS, tookNanos / 1_000_000);
            }
            return true;
        } finally {
            callbacks.unlock();
        }
    }

    void metadataChanged(Map<String, String> metadata) {
        if (end.get() == OPEN && failure == null) {
            pending.incrementAndGet();
            mailbox.add(new Metadata(metadata));
        }
    }

    /** The stream ended: deliver what is queued, then {@code onEnd}. Only the first of end and detach counts. */
    void streamEnded(StreamState state, String reason) {
        if (end.compareAndSet(OPEN, ENDED)) mailbox.add(new End(state, reason));
    }

    /** Detach while the stream goes on: drop what is queued, then {@code onDetached}. Never blocks. */
    @Override
    public void close() {
        if (end.compareAndSet(OPEN, DETACHED)) {
            discarding = true;
            mailbox.add(new Detach());
            stream.remove(this);
        }
    }

    /**
     * The handler or the bundle that requested the attachment is going away: detach if the stream goes on,
     * and in any case drop what is still queued so that the final callback comes as soon as possible.
     */
    void detachNow() {
        close();
        discarding = true;
    }

    /**
     * Waits until the attachment's thread has made its last call to the handler.
     *
     * @param deadlineNanos {@link System#nanoTime()} to give up at
     * @return true if it has finished (or this is that thread, which cannot wait for itself)
     */
    boolean awaitFinished(long deadlineNanos) throws InterruptedException {
        if (Thread.currentThread() == worker) return true;
        return finished.await(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    /**
     * Detaches every attachment of a departing handler (or of a stopping bundle) and waits, up to
     * {@link #DETACH_TIMEOUT} for all of them together, until their threads have made their last call, so that
     * no callback of the handler runs after its bundle has stopped. A session that overruns the bound is left
     * to finish on its own and named in a warning.
     *
     * @param owner       the handler's name or the bundle's, for the log
     * @param attachments what to detach
     */
    static void detachAll(String owner, Collection<HandlerAttachment> attachments) {
        if (attachments.isEmpty()) return;
        attachments.forEach(HandlerAttachment::detachNow);
        long deadline = System.nanoTime() + DETACH_TIMEOUT.toNanos();
        List<String> late = new ArrayList<>();
        try {
            for (HandlerAttachment a : attachments) {
                if (!a.awaitFinished(deadline)) late.add(a.handlerName + " on stream " + a.streamId());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("Interrupted while waiting for the sessions of {} to finish", owner);
            return;
        }
        if (!late.isEmpty()) {
            LOG.warn("{}: {} of {} session(s) did not finish within {} s of being detached and may still call back: {}",
                    owner, late.size(), attachments.size(), DETACH_TIMEOUT.toSeconds(), late);
        }
    }

    @Override
    public AttachmentInfo info() {
        String why = failure;
        return new AttachmentInfo(handlerName, delivered.get(), dropped.get(), why != null, why, id, state());
    }

    private AttachmentState state() {
        if (failure != null) return AttachmentState.FAILED;
        return switch (end.get()) {
            case ENDED -> AttachmentState.ENDED;
            case DETACHED -> AttachmentState.DETACHED;
            default -> attached ? AttachmentState.ATTACHED : AttachmentState.ATTACHING;
        };
    }

    private void run() {
        try {
            MediaSession s = session != null ? session : callAttach();
            if (s != null) drain(s);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            // an ended stream keeps its attachments listed for a while: keep no handler objects (and so no class
            // loader of a bundle that may be gone) alive with them
            session = null;
            handler = null;
            mailbox.clear();
            queuedPackets.set(0);
            finished.countDown();
        }
    }

    /** The whiteboard's {@code attach}, on this attachment's thread. */
    private MediaSession callAttach() {
        if (end.get() == DETACHED) return null; // the handler went away before its turn came
        MediaSession s;
        try {
            s = handler.attach(stream);
        } catch (Throwable t) {
            fail("attach failed: " + describe(t), t);
            return null;
        }
        if (s == null) {
            LOG.debug("Media handler {} declined stream {}", handlerName, stream.id());
            end.compareAndSet(OPEN, DETACHED);
            stream.remove(this);
            return null;
        }
        session = s;
        attached = true;
        LOG.debug("Media handler {} attached to stream {}", handlerName, stream.id());
        return s;
    }

    private void drain(MediaSession s) throws InterruptedException {
        while (true) {
            Object item = mailbox.take();
            boolean last;
            callbacks.lock();
            try {
                last = handOver(s, item);
            } finally {
                callbacks.unlock();
            }
            if (last) return;
            if (item instanceof MediaPacket || item instanceof Metadata) pending.decrementAndGet();
        }
    }

    /** @return whether that was the final callback */
    private boolean handOver(MediaSession s, Object item) {
        if (item instanceof MediaPacket packet) {
            queuedPackets.decrementAndGet();
            if (failure != null) return false;
            if (discarding) {
                dropped.incrementAndGet();
                return false;
            }
            deliver(s, packet);
        } else if (item instanceof Metadata m) {
            if (failure == null && !discarding) call(() -> s.onMetadata(m.metadata()));
        } else if (item instanceof End e) {
            call(() -> s.onEnd(e.state(), e.reason()));
            return true;
        } else if (item instanceof Detach) {
            call(s::onDetached);
            return true;
        }
        return false;
    }

    private void deliver(MediaSession s, MediaPacket packet) {
        try {
            s.onPacket(packet);
            delivered.incrementAndGet();
        } catch (Throwable t) {
            fail(describe(t), t);
        }
    }

    private void call(Runnable callback) {
        try {
            callback.run();
        } catch (Throwable t) {
            fail(describe(t), t);
        }
    }

    private void fail(String reason, Throwable t) {
        if (failure == null) {
            failure = reason;
            LOG.warn("Media handler {} failed on stream {} and receives nothing more: {}", handlerName, stream.id(), reason, t);
        }
    }

    private static String describe(Throwable t) {
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }
}

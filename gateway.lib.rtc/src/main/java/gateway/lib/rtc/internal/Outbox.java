package gateway.lib.rtc.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The datagrams the receive thread has to send — STUN answers, ICE checks, RTCP reports — sent by a thread of their
 * own, so that the receive thread never waits to send. A socket sends one datagram at a time (the JDK's channel
 * holds a lock across each send), and the transport's socket is shared with every thread that forwards audio to the
 * peers: on a busy machine a forwarding thread can lose its core while it holds that lock, and a receive thread
 * waiting behind it would stop reading while the socket's receive buffer fills and the kernel drops what comes next.
 * <p>
 * Bounded: when the sending thread is that far behind, a datagram is dropped and counted as a failed send, as the
 * network would drop it; each of these is repeated by its protocol (the remote party's next check, the next report).
 * Adding takes no lock.
 */
final class Outbox {
    /** Datagrams waiting at most: a few seconds of answers and reports for thousands of peers. */
    static final int CAPACITY = 8192;

    private record Datagram(DatagramChannel channel, byte[] data, InetSocketAddress to) {
    }

    private final ConcurrentLinkedQueue<Datagram> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final AtomicLong failures;
    private final Thread thread;
    private volatile boolean open = true;

    /** @param failures counts the datagrams not sent (the queue full, or the socket refused them) */
    Outbox(String name, AtomicLong failures) {
        this.failures = failures;
        this.thread = Thread.ofPlatform().name(name).daemon().unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    /**
     * Queues a copy of the datagram to be sent on the channel.
     *
     * @return false when it was dropped (the outbox full or closed)
     */
    boolean add(DatagramChannel channel, byte[] buf, int off, int len, InetSocketAddress to) {
        if (!open || size.incrementAndGet() > CAPACITY) {
            size.decrementAndGet();
            failures.incrementAndGet();
            return false;
        }
        queue.add(new Datagram(channel, Arrays.copyOfRange(buf, off, off + len), to));
        LockSupport.unpark(thread);
        return true;
    }

    /** @return datagrams waiting to be sent */
    int waiting() {
        return size.get();
    }

    /** Stops the thread after what is queued is sent (closed channels fail quietly). */
    void close() {
        open = false;
        LockSupport.unpark(thread);
    }

    private void run() {
        while (open || !queue.isEmpty()) {
            Datagram d = queue.poll();
            if (d == null) {
                LockSupport.parkNanos(this, 100_000_000L);
                continue;
            }
            size.decrementAndGet();
            try {
                if (d.channel.send(ByteBuffer.wrap(d.data), d.to) == 0) failures.incrementAndGet();
            } catch (IOException e) {
                failures.incrementAndGet(); // a peer's socket closed meanwhile, or an ICMP error reported on it
            }
        }
    }
}

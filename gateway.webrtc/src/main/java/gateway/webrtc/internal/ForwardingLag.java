package gateway.webrtc.internal;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Whether sending to the WHEP listeners of any played stream has fallen behind ({@code gateway_whep_forwarding_behind}),
 * the condition under which the WebRTC port holds new DTLS handshakes back ({@code holdJoinsWhileBehind}, on by
 * default; {@code RtcTransport.holdHandshakesWhile}) so that listeners who play come before listeners who join. Each
 * stream's fan-out reports how many of its stream's packets wait behind the one it is about to send
 * ({@link Stream#backlog}); a stream is behind from {@value #BEHIND_PACKETS} packets
 * (200 ms of 20 ms packets) on, and caught up again at {@value #CAUGHT_UP_PACKETS} (100 ms) or fewer: a machine short
 * of CPU keeps a few packets waiting without losing any, which must not hold the joins for ever. Both are well before its queue
 * ({@code queuePackets}, 50 by default) overflows and packets are lost.
 *
 * <p>Lock-free; {@link #behind} is cheap enough to be asked under the transport's handshake lock.
 */
final class ForwardingLag {
    static final int BEHIND_PACKETS = 10;
    static final int CAUGHT_UP_PACKETS = 5;

    private final AtomicInteger streamsBehind = new AtomicInteger();

    /** @return whether any stream's sending is behind now */
    boolean behind() {
        return streamsBehind.get() > 0;
    }

    /**
     * @param queueCapacity the size of the stream's queue; a queue smaller than {@link #BEHIND_PACKETS} is behind at half of it
     * @return a new stream's report, not behind
     */
    Stream stream(int queueCapacity) {
        return new Stream(queueCapacity);
    }

    /** One stream's part: reported by its fan-out's thread, cleared when the fan-out closes. */
    final class Stream {
        private final AtomicBoolean behind = new AtomicBoolean();
        private final int behindAt;
        private final int caughtUpAt;

        private Stream(int queueCapacity) {
            behindAt = Math.min(BEHIND_PACKETS, Math.max(1, queueCapacity / 2));
            caughtUpAt = Math.min(CAUGHT_UP_PACKETS, behindAt - 1);
        }

        /** @param waiting the stream's packets queued behind the one the fan-out is about to send */
        void backlog(long waiting) {
            if (waiting >= behindAt) {
                if (!behind.get() && behind.compareAndSet(false, true)) streamsBehind.incrementAndGet();
            } else if (waiting <= caughtUpAt) {
                clear();
            }
        }

        /** The stream is not behind (any more), or its fan-out closed. */
        void clear() {
            if (behind.get() && behind.compareAndSet(true, false)) streamsBehind.decrementAndGet();
        }

        boolean isBehind() {
            return behind.get();
        }
    }
}

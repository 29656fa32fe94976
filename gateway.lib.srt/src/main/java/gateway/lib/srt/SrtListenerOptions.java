package gateway.lib.srt;

import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * Listener settings.
 *
 * @param bind            address and UDP port to bind (port 0: any free port)
 * @param latency         receiver latency (TSBPD); the larger of this and the sender's wins. libsrt default 120 ms.
 * @param peerIdleTimeout a connection with no packet for this long is closed (libsrt default 5 s)
 * @param receiveBuffer   packets buffered per connection (bounds memory: about 1.5 KB each)
 * @param maxConnections  connections accepted at once; more are refused with {@link RejectReason#RESOURCE}
 * @param backlog         accepted connections waiting for {@link SrtListener#accept} before new ones are refused
 */
public record SrtListenerOptions(InetSocketAddress bind, Duration latency, Duration peerIdleTimeout, int receiveBuffer,
                                 int maxConnections, int backlog) {

    /** @param port UDP port on all interfaces
     *  @return defaults suited to live audio */
    public static SrtListenerOptions defaults(int port) {
        return new SrtListenerOptions(new InetSocketAddress(port), Duration.ofMillis(120), Duration.ofSeconds(5), 1024, 1000, 64);
    }

    /** @param d the latency
     *  @return a copy with that latency */
    public SrtListenerOptions withLatency(Duration d) {
        return new SrtListenerOptions(bind, d, peerIdleTimeout, receiveBuffer, maxConnections, backlog);
    }

    /** @param d the timeout
     *  @return a copy with that idle timeout */
    public SrtListenerOptions withPeerIdleTimeout(Duration d) {
        return new SrtListenerOptions(bind, latency, d, receiveBuffer, maxConnections, backlog);
    }
}

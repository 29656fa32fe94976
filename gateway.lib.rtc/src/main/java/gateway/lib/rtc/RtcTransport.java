package gateway.lib.rtc;

import gateway.lib.rtc.internal.RtcEngine;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.osgi.annotation.versioning.ProviderType;

/**
 * WebRTC's transport on one UDP port for any number of peers: ICE (lite), DTLS 1.2 with DTLS-SRTP, SRTP and RTCP,
 * demultiplexed by ICE username and remote address (RFC 7983 for the protocol of a datagram). One receive thread
 * does the receiving and every peer's timers; DTLS handshakes run on virtual threads.
 *
 * <p>A transport belongs to whoever {@linkplain #open opened} it: in the gateway, the plugin that serves WebRTC
 * (its port is that plugin's setting), which closes it when it stops, ending its peers and nobody else's.
 *
 * <p>Thread-safe.
 */
@ProviderType
public interface RtcTransport extends AutoCloseable {

    /**
     * Binds a UDP socket and starts receiving.
     *
     * @param options the address and timeouts
     * @return the transport; close it to end every peer and release the port
     * @throws IOException if the address cannot be bound
     */
    static RtcTransport open(RtcTransportOptions options) throws IOException {
        return RtcEngine.open(options);
    }

    /** @return the bound address (with the actual port when 0 was asked) */
    InetSocketAddress localAddress();

    /** @return the host candidates announced in SDP, most preferred first */
    List<InetSocketAddress> candidates();

    /** @return this transport's certificate fingerprint as SDP gives it ({@code sha-256 AB:CD:...}) */
    String fingerprint();

    /**
     * A new peer that answers ICE checks (ICE-lite): what a server with a reachable address is.
     *
     * @param listener told of the peer's connection, audio and end
     * @return the peer, in state {@link PeerState#NEW}
     * @throws IllegalStateException if the transport is closed or has {@link RtcTransportOptions#maxPeers()} peers
     */
    RtcPeer newPeer(PeerListener listener);

    /**
     * A new peer that sends the ICE checks itself, to the remote party's candidates, and nominates the first pair
     * that works: for connecting to an ICE-lite server (this gateway, another SFU) as a client. Its SDP does not
     * say {@code a=ice-lite}.
     *
     * @param listener told of the peer's connection, audio and end
     * @return the peer, in state {@link PeerState#NEW}
     * @throws IllegalStateException if the transport is closed or full
     */
    RtcPeer newControllingPeer(PeerListener listener);

    /** @return the peers open now */
    List<RtcPeer> peers();

    /** @return the counters */
    TransportStats stats();

    /**
     * Datagrams the socket did not take: a non-blocking send that found the socket's send buffer full, or failed. An
     * RTP packet lost that way is a gap in the peer's sequence numbers, as a loss on the network would be.
     *
     * @return datagrams not sent since the transport opened
     * @since 1.1
     */
    default long sendFailures() {
        return 0;
    }

    /**
     * Admission control for peers that join: while {@code behind} says true, no new DTLS handshake of this transport
     * starts to compute, so the CPU that handshakes would take goes to forwarding to the peers already connected.
     * Handshakes that have begun (computed their first flight) still compute their next one, so a peer is held once
     * at most, before its handshake begins. The new ones wait in their order and go on once it says false (it is asked
     * on every timer tick, every 20 ms); their wait does not count against the connect timeout, and their
     * remote parties' retransmissions are answered as usual. A hold lasts 5 s at most, then the handshakes go on for 1 s
     * before the next hold: forwarding that stays behind longer is short of CPU whatever the joins do, and joins must not
     * wait for ever.
     *
     * @param behind whether the owner's forwarding has fallen behind; asked under a lock, so it must be cheap and must
     *               not block; null: never (the default)
     * @since 1.3
     */
    default void holdHandshakesWhile(BooleanSupplier behind) {
    }

    /**
     * @return the DTLS handshake queue's figures now
     * @since 1.3
     */
    default HandshakeStats handshakeStats() {
        return new HandshakeStats(0, false, 0, 0, 0);
    }

    /** Ends every peer ({@link PeerEnd#TRANSPORT_CLOSED}), stops receiving and releases the port. */
    @Override
    void close();
}

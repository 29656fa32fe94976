package gateway.lib.rtc;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How a {@link RtcTransport} listens and how long it waits.
 *
 * @param bind             the UDP address to bind (port 0: any free port)
 * @param candidates       the addresses announced as host candidates, most preferred first, each with the bound
 *                         port (a port of 0 here means the bound one); empty: the bind address when it is a
 *                         specific one, else every non-loopback address of the host's interfaces that are up (and
 *                         loopback when there is no other)
 * @param connectTimeout   how long a peer may take from its offer/answer to a completed DTLS handshake (ICE
 *                         checks included) before it ends with {@link PeerEnd#CONNECT_TIMEOUT}
 * @param consentTimeout   how long a connected peer may go without a valid ICE consent request (RFC 7675;
 *                         browsers send one every 5 s) before it ends with {@link PeerEnd#CONSENT_EXPIRED};
 *                         RFC 7675 says 30 s
 * @param srtpProfiles     the SRTP profiles offered or accepted in the DTLS handshake, most preferred first
 * @param maxPeers         peers open at once at most; {@link RtcTransport#newPeer} refuses more
 */
public record RtcTransportOptions(InetSocketAddress bind, List<InetSocketAddress> candidates, Duration connectTimeout,
                                  Duration consentTimeout, List<SrtpProfile> srtpProfiles, int maxPeers) {

    /** Validates and copies the components. */
    public RtcTransportOptions {
        Objects.requireNonNull(bind, "bind");
        candidates = List.copyOf(candidates);
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(consentTimeout, "consentTimeout");
        srtpProfiles = List.copyOf(srtpProfiles);
        if (srtpProfiles.isEmpty()) throw new IllegalArgumentException("at least one SRTP profile is needed");
        if (connectTimeout.isNegative() || connectTimeout.isZero()) throw new IllegalArgumentException("connectTimeout must be positive");
        if (consentTimeout.isNegative() || consentTimeout.isZero()) throw new IllegalArgumentException("consentTimeout must be positive");
        if (maxPeers < 1) throw new IllegalArgumentException("maxPeers must be at least 1");
    }

    /**
     * Options with the defaults: candidates from the bind address or the interfaces, 15 s to connect, 30 s of
     * consent, AES_CM_128_HMAC_SHA1_80 preferred over AEAD_AES_128_GCM, 10 000 peers. AES-CM comes first because on
     * the JVM it is the cheaper of the two per packet: its AES and its HMAC's SHA-1 run on the processor's AES and SHA
     * instructions, while GCM's GHASH is computed in Java (the JDK's own GCM would allocate per packet); every WebRTC
     * stack supports it (it is the mandatory profile).
     *
     * @param bind the UDP address to bind
     * @return the options
     */
    public static RtcTransportOptions of(InetSocketAddress bind) {
        return new RtcTransportOptions(bind, List.of(), Duration.ofSeconds(15), Duration.ofSeconds(30),
                List.of(SrtpProfile.AES_CM_128_HMAC_SHA1_80, SrtpProfile.AEAD_AES_128_GCM), 10_000);
    }

    /** @return a copy with other candidates */
    public RtcTransportOptions withCandidates(List<InetSocketAddress> candidates) {
        return new RtcTransportOptions(bind, candidates, connectTimeout, consentTimeout, srtpProfiles, maxPeers);
    }

    /** @return a copy with other timeouts */
    public RtcTransportOptions withTimeouts(Duration connectTimeout, Duration consentTimeout) {
        return new RtcTransportOptions(bind, candidates, connectTimeout, consentTimeout, srtpProfiles, maxPeers);
    }

    /** @return a copy with other SRTP profiles */
    public RtcTransportOptions withSrtpProfiles(List<SrtpProfile> srtpProfiles) {
        return new RtcTransportOptions(bind, candidates, connectTimeout, consentTimeout, srtpProfiles, maxPeers);
    }

    /** @return a copy with another peer limit */
    public RtcTransportOptions withMaxPeers(int maxPeers) {
        return new RtcTransportOptions(bind, candidates, connectTimeout, consentTimeout, srtpProfiles, maxPeers);
    }
}

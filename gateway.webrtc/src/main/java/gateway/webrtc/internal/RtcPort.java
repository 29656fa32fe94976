package gateway.webrtc.internal;

import gateway.api.http.HttpEndpoint;
import gateway.api.http.ProblemException;
import gateway.lib.rtc.RtcTransport;
import gateway.lib.rtc.RtcTransportOptions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.ArrayList;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plugin's WebRTC transport: one UDP port for every WHEP listener and WHIP publisher. When it is re-created
 * (its configuration or the HTTP address changed, the plugin stops), every peer on it ends, and with it the
 * sessions of {@link WhepSessions} and {@link WhipIngest}, which reference it statically.
 */
@Component(service = RtcPort.class, immediate = true, configurationPid = RtcPort.PID)
@Designate(ocd = RtcPort.Config.class)
public final class RtcPort {
    static final String PID = "gateway.webrtc";
    private static final Logger LOG = LoggerFactory.getLogger(RtcPort.class);

    @ObjectClassDefinition(name = "WebRTC transport", description = "The UDP port of WHEP playback and WHIP publishing")
    public @interface Config {
        @AttributeDefinition(description = "UDP port of the WebRTC transport, shared by every peer; 0 = the gateway's HTTP port number + 1")
        int udpPort() default 0;

        @AttributeDefinition(description = "Bind address of the WebRTC transport; empty = the HTTP API's bind address")
        String bindAddress() default "";

        @AttributeDefinition(description = "Addresses announced to peers as ICE candidates, comma-separated, each 'host' or "
                + "'host:port' (e.g. the public address behind a NAT); empty = the bind address if it is a specific one, else "
                + "every address of the host's interfaces that are up")
        String candidates() default "";

        @AttributeDefinition(description = "Seconds a peer may take from the answer to a completed DTLS handshake")
        int connectTimeoutSeconds() default 15;

        @AttributeDefinition(description = "Seconds without an ICE consent check (browsers send one every 5 s) before a "
                + "peer ends; RFC 7675 says 30")
        int consentTimeoutSeconds() default 30;

        @AttributeDefinition(description = "Peers (listeners and publishers) at most at once")
        int maxPeers() default 2000;
    }

    /**
     * Opened off the activating thread: making the DTLS certificate takes most of a second, and the component runtime
     * activates the other plugins that follow the HTTP address on this same thread, after this one.
     */
    private final CompletableFuture<RtcTransport> transport;
    /** While it says true, joining peers' DTLS handshakes wait (WHEP playback's forwarding lag); null: never. */
    private final AtomicReference<BooleanSupplier> joinsHeldWhile = new AtomicReference<>();

    @Activate
    public RtcPort(@Reference(policyOption = ReferencePolicyOption.GREEDY) HttpEndpoint http, Config config) {
        String host = config.bindAddress().isBlank() ? http.host() : config.bindAddress().trim();
        int port = config.udpPort() == 0 ? http.port() + 1 : config.udpPort();
        RtcTransportOptions options = RtcTransportOptions.of(new InetSocketAddress(host, port))
                .withCandidates(candidates(config.candidates()))
                .withTimeouts(Duration.ofSeconds(Math.max(1, config.connectTimeoutSeconds())),
                        Duration.ofSeconds(Math.max(1, config.consentTimeoutSeconds())))
                .withMaxPeers(Math.max(1, config.maxPeers()));
        this.transport = new CompletableFuture<>();
        Thread.ofVirtual().name("webrtc-transport-open").start(() -> {
            try {
                RtcTransport t = RtcTransport.open(options);
                t.holdHandshakesWhile(this::joinsHeld); // admission control, see holdJoinsWhile
                transport.complete(t);
            } catch (IOException | RuntimeException e) {
                LOG.error("WebRTC transport: cannot listen on udp {}:{}: {}", host, port, e.toString());
                transport.completeExceptionally(e);
            }
        });
    }

    @Deactivate
    void deactivate() {
        try {
            RtcTransport t = transport.get(10, TimeUnit.SECONDS);
            InetSocketAddress address = t.localAddress(); // a closed transport has none
            t.close();
            LOG.info("WebRTC transport on udp {} closed", address);
        } catch (ExecutionException failedToOpen) {
            // nothing to close
        } catch (TimeoutException | InterruptedException e) {
            transport.thenAccept(RtcTransport::close); // closes it once it is open
        }
    }

    /**
     * Admission control: while the condition says true, new DTLS handshakes on the port wait, so that the peers who
     * play come before the peers who join ({@code RtcTransport.holdHandshakesWhile}). The last condition set counts;
     * it must be cheap and must not block.
     */
    void holdJoinsWhile(BooleanSupplier condition) {
        joinsHeldWhile.set(condition);
    }

    /** Ends the admission control of this condition (nothing if another has been set since). */
    void stopHoldingJoins(BooleanSupplier condition) {
        joinsHeldWhile.compareAndSet(condition, null);
    }

    private boolean joinsHeld() {
        BooleanSupplier c = joinsHeldWhile.get();
        return c != null && c.getAsBoolean();
    }

    /** @return the transport if it is open now, else null (never waits) */
    RtcTransport openNow() {
        return transport.isDone() && !transport.isCompletedExceptionally() ? transport.join() : null;
    }

    /**
     * @return the transport, once open (waits for it the first time)
     * @throws ProblemException 503 if the port could not be opened
     */
    RtcTransport transport() {
        try {
            return transport.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new ProblemException(503, "WebRTC unavailable", "the WebRTC transport is not listening: "
                    + (e.getCause() == null ? e : e.getCause()).toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProblemException(503, "WebRTC unavailable", "interrupted while the WebRTC transport opens");
        }
    }

    static List<String> split(String list) {
        List<String> out = new ArrayList<>();
        for (String s : list.split(",")) if (!s.isBlank()) out.add(s.trim());
        return List.copyOf(out);
    }

    private static List<InetSocketAddress> candidates(String list) {
        List<InetSocketAddress> out = new ArrayList<>();
        for (String c : split(list)) {
            int colon = c.lastIndexOf(':');
            boolean withPort = colon > 0 && c.indexOf(':') == colon; // IPv6 literals have more than one colon
            out.add(withPort ? new InetSocketAddress(c.substring(0, colon), Integer.parseInt(c.substring(colon + 1)))
                    : new InetSocketAddress(c, 0));
        }
        return out;
    }
}

package gateway.rooms.internal;

import gateway.api.rooms.IngressSrtGate;
import gateway.api.rooms.IngressSrtSettings;
import gateway.lib.srt.AccessDecision;
import gateway.lib.srt.ConnectionRequest;
import gateway.lib.srt.RejectReason;
import gateway.lib.srt.SrtConnection;
import gateway.lib.srt.SrtListener;
import gateway.lib.srt.SrtListenerOptions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BiPredicate;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SRT listener of SRT ingresses: a caller names the ingress by its id as stream id and encrypts with the
 * ingress's stream key as passphrase. Which caller is admitted is the ingress plugin's decision, asked of its
 * {@link IngressSrtGate} for every caller: while no gate is registered (the plugin is being updated) a new caller is
 * refused in the handshake, and the running ones go on. Each admitted caller's Ogg/Opus becomes the ingress's feed.
 */
final class SrtIngressListener implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SrtIngressListener.class);
    final IngressSrtSettings settings;
    private final Supplier<IngressSrtGate> gate;
    private final Predicate<String> busy;
    private final BiPredicate<SrtConnection, IngressSrtGate.Admission> start;
    private final SrtListener listener;
    private final Thread acceptor;
    private volatile boolean running = true;

    /**
     * @param gate  the gate registered now, or null
     * @param busy  whether the ingress of a stream id has a feed already (its caller is refused as busy)
     * @param start starts the feed of an admitted caller; false when it is refused after all
     */
    SrtIngressListener(IngressSrtSettings settings, Supplier<IngressSrtGate> gate, Predicate<String> busy,
                       BiPredicate<SrtConnection, IngressSrtGate.Admission> start) throws IOException {
        this.settings = settings;
        this.gate = gate;
        this.busy = busy;
        this.start = start;
        SrtListenerOptions options = new SrtListenerOptions(new InetSocketAddress(settings.host(), settings.port()), settings.latency(),
                Duration.ofSeconds(5), 1024, settings.maxCallers(), settings.maxCallers());
        this.listener = SrtListener.open(options, this::decide);
        this.acceptor = Thread.ofPlatform().name("ingress-srt-accept").daemon().start(this::acceptLoop);
    }

    /** @return the UDP port it listens on */
    int port() {
        return listener.localAddress().getPort();
    }

    /** @return whether it listens as {@code asked} would have it (the same port, or any when 0 is asked) */
    boolean matches(IngressSrtSettings asked) {
        return settings.host().equals(asked.host()) && settings.latency().equals(asked.latency()) && settings.maxCallers() == asked.maxCallers()
                && (asked.port() == 0 || asked.port() == port());
    }

    private AccessDecision decide(ConnectionRequest request) {
        IngressSrtGate g = gate.get();
        if (g == null) return AccessDecision.reject(RejectReason.RESOURCE); // the ingress plugin is not running: try again
        if (busy.test(request.streamId())) return AccessDecision.reject(RejectReason.RESOURCE); // it has an input
        Optional<String> key;
        try {
            key = g.passphrase(request.streamId());
        } catch (RuntimeException e) {
            LOG.warn("The SRT ingress gate failed: {}", e.toString());
            return AccessDecision.reject(RejectReason.RESOURCE);
        }
        return key.map(k -> AccessDecision.acceptWith(List.of(k))).orElseGet(() -> AccessDecision.reject(RejectReason.PEER));
    }

    private void acceptLoop() {
        while (running) {
            try {
                SrtConnection c = listener.accept(Duration.ofSeconds(1));
                if (c == null) continue;
                IngressSrtGate g = gate.get();
                Optional<IngressSrtGate.Admission> admitted = g == null ? Optional.empty() : g.admit(c.streamId());
                if (admitted.isEmpty() || !start.test(c, admitted.get())) {
                    LOG.info("SRT caller {} for ingress '{}' refused: the ingress is gone, disabled or busy, or the ingress plugin is not running",
                            c.peer(), c.streamId());
                    c.close();
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.error("Ingress SRT accept loop: {}", e.toString(), e);
            }
        }
    }

    @Override
    public void close() {
        running = false;
        listener.close();
        try {
            acceptor.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

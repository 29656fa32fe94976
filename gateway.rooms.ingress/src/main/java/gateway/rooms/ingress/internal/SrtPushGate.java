package gateway.rooms.ingress.internal;

import gateway.lib.srt.AccessDecision;
import gateway.lib.srt.ConnectionRequest;
import gateway.lib.srt.RejectReason;
import gateway.lib.srt.SrtConnection;
import gateway.lib.srt.SrtListener;
import gateway.lib.srt.SrtListenerOptions;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SRT listener of SRT ingresses: a caller names the ingress by its id as stream id and encrypts with the
 * ingress's stream key as passphrase; an unknown, disabled or busy ingress is refused in the handshake, a wrong
 * passphrase by the listener. Each admitted caller's Ogg/Opus becomes the ingress's input.
 */
final class SrtPushGate implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SrtPushGate.class);
    private final IngressDirectory directory;
    private final SrtListener listener;
    private final Thread acceptor;
    private volatile boolean running = true;

    SrtPushGate(IngressDirectory directory, SrtListenerOptions options) throws IOException {
        this.directory = directory;
        this.listener = SrtListener.open(options, this::decide);
        this.acceptor = Thread.ofPlatform().name("ingress-srt-accept").daemon().start(this::acceptLoop);
    }

    /** @return the UDP port it listens on */
    int port() {
        return listener.localAddress().getPort();
    }

    private AccessDecision decide(ConnectionRequest request) {
        Ingress ingress = directory.srtIngress(request.streamId());
        if (ingress == null) return AccessDecision.reject(RejectReason.PEER);
        if (ingress.busy()) return AccessDecision.reject(RejectReason.RESOURCE);
        return AccessDecision.acceptWith(List.of(ingress.streamKey));
    }

    private void acceptLoop() {
        while (running) {
            try {
                SrtConnection c = listener.accept(Duration.ofSeconds(1));
                if (c == null) continue;
                Ingress ingress = directory.srtIngress(c.streamId());
                if (ingress == null || !directory.startOgg(ingress, new SrtSource(c))) {
                    LOG.info("SRT caller {} for ingress '{}' refused: the ingress is gone, disabled or busy", c.peer(), c.streamId());
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

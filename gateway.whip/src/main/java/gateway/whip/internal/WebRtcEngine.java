package gateway.whip.internal;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.PeerConnectionObserver;
import dev.onvoid.webrtc.PortAllocatorConfig;
import dev.onvoid.webrtc.RTCConfiguration;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.media.audio.HeadlessAudioDeviceModule;
import gateway.lib.webrtc.PeerConnections;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one WebRTC stack of this plugin's activation: a {@link PeerConnectionFactory} on a headless audio
 * device module, created on first use (loading the native library takes ≈150 ms and starts WebRTC's
 * threads, which an idle gateway does not need) and disposed of when the plugin stops.
 *
 * <p>Playout is started on the audio module: it pulls 10 ms of decoded audio from every receiving stream,
 * which is what feeds the remote tracks' sinks. Thread-safe.
 */
final class WebRtcEngine implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebRtcEngine.class);

    private final int minUdpPort;
    private final int maxUdpPort;
    private HeadlessAudioDeviceModule audioModule;
    private PeerConnectionFactory factory;
    private String failure;
    private boolean closed;

    /**
     * @param minUdpPort lowest UDP port for ICE candidates, 0 for any
     * @param maxUdpPort highest UDP port for ICE candidates, 0 for any
     */
    WebRtcEngine(int minUdpPort, int maxUdpPort) {
        this.minUdpPort = minUdpPort;
        this.maxUdpPort = maxUdpPort;
    }

    /**
     * Creates a peer connection, starting the stack if needed.
     *
     * @param observer its callbacks (on WebRTC's signaling thread: must not block)
     * @return the peer connection; the caller closes it
     * @throws IllegalStateException if WebRTC cannot run here (e.g. the native library does not load) or the
     *                               engine is closed
     */
    synchronized RTCPeerConnection createPeerConnection(PeerConnectionObserver observer) {
        start();
        RTCConfiguration config = new RTCConfiguration();
        if (minUdpPort > 0 && maxUdpPort >= minUdpPort) {
            config.portAllocatorConfig = new PortAllocatorConfig(minUdpPort, maxUdpPort, 0);
        }
        RTCPeerConnection pc = factory.createPeerConnection(config, observer);
        if (pc == null) throw new IllegalStateException("WebRTC could not create a peer connection");
        return pc;
    }

    private void start() {
        if (closed) throw new IllegalStateException("the WHIP bridge is stopping");
        if (factory != null) return;
        if (failure != null) throw new IllegalStateException(failure);
        long t0 = System.nanoTime();
        HeadlessAudioDeviceModule adm = null;
        try {
            adm = new HeadlessAudioDeviceModule();
            PeerConnectionFactory f = new PeerConnectionFactory(adm);
            adm.initPlayout();
            adm.startPlayout();
            audioModule = adm;
            factory = f;
            LOG.info("WebRTC started in {} ms", (System.nanoTime() - t0) / 1_000_000);
            if (!PeerConnections.releasing()) {
                LOG.warn("Each WHIP session will leave its native peer connection in memory: {}", PeerConnections.unavailableReason());
            }
        } catch (Throwable e) { // UnsatisfiedLinkError and friends: the plugin stays up and says why
            if (adm != null) {
                try {
                    adm.dispose();
                } catch (Throwable ignored) {
                    // nothing more to release
                }
            }
            failure = "WebRTC is not available on this machine: " + e;
            LOG.error(failure, e);
            throw new IllegalStateException(failure, e);
        }
    }

    /** Stops playout and disposes of the audio module and the factory (every peer connection must be closed first). */
    @Override
    public synchronized void close() {
        closed = true;
        if (factory == null) return;
        try {
            audioModule.stopPlayout();
            audioModule.dispose();
            factory.dispose();
        } catch (RuntimeException e) {
            LOG.warn("WebRTC shutdown: {}", e.toString());
        } finally {
            factory = null;
            audioModule = null;
        }
        LOG.info("WebRTC stopped");
    }
}

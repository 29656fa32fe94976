package gateway.lib.webrtc;

import dev.onvoid.webrtc.RTCPeerConnection;
import gateway.lib.webrtc.internal.NativeReferences;

/**
 * Ends peer connections completely.
 *
 * <p>webrtc-java 0.14.0 (the version embedded in this bundle) creates the native peer connection holding one
 * reference to it and {@link RTCPeerConnection#close()} closes it without giving that reference back, so every
 * peer connection ever created stays in native memory with its transports, RTP receivers and decoders
 * (upstream issue devopvoid/webrtc-java#239, fixed after 0.15.0). {@link #close} closes the connection the same
 * way and then releases that reference, which is what the fixed library does inside {@code close()}.
 *
 * <p>Releasing uses the Foreign Function and Memory API, final since Java 22. On Java 21 (where it is a
 * preview) or if the release cannot be made, {@link #close} still closes the connection and
 * {@link #releasing()} says {@code false}.
 */
public final class PeerConnections {

    private PeerConnections() {
    }

    /**
     * Closes a peer connection and frees its native object. Must not be called on one of WebRTC's threads
     * (from a callback): the native object is destroyed on WebRTC's signalling thread, and this waits for it.
     * After this the connection and every object obtained from it (transceivers, receivers, tracks) are
     * unusable. Does nothing for a connection that is already closed.
     *
     * @param pc the peer connection, created by a {@code PeerConnectionFactory} of this bundle
     * @return {@code true} if the native peer connection was destroyed (its last reference released);
     *         {@code false} if it was only closed (already closed, releasing unavailable, or another
     *         native reference keeps it)
     */
    public static boolean close(RTCPeerConnection pc) {
        long handle = NativeReferences.handle(pc);
        if (handle == 0) return false;
        pc.close();
        return NativeReferences.release(handle);
    }

    /**
     * Whether {@link #close} frees native peer connections on this Java runtime.
     *
     * @return {@code true} if it does; {@code false} if it only closes them, with the reason in
     *         {@link #unavailableReason()}
     */
    public static boolean releasing() {
        return NativeReferences.available();
    }

    /**
     * Why native peer connections cannot be released here.
     *
     * @return the reason, or {@code null} if they can
     */
    public static String unavailableReason() {
        return NativeReferences.unavailableReason();
    }
}

/**
 * What this bundle adds to webrtc-java (exported as {@code dev.onvoid.webrtc.*} under the library's own
 * version): {@link gateway.lib.webrtc.PeerConnections#close} ends a peer connection and frees its native
 * side, which webrtc-java 0.14's {@code RTCPeerConnection.close()} does not do.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package gateway.lib.webrtc;

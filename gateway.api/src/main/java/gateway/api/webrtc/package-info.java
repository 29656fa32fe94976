/**
 * WebRTC media for other plugins: {@link gateway.api.webrtc.WebRtcPublishing} answers a publisher's SDP offer on the
 * gateway's WebRTC transport and turns its Opus packets into a live stream, for plugins that authorise and describe
 * publishers themselves (rooms); {@link gateway.api.webrtc.WebRtcPlayback} plays live streams to a listener, one per
 * connection or (since 1.1) several on one connection, in slots the caller fills.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package gateway.api.webrtc;

/**
 * WebRTC media for other plugins: {@link gateway.api.webrtc.WebRtcPublishing} answers a publisher's SDP offer on the
 * gateway's WebRTC transport and turns its Opus packets into a live stream, for plugins that authorise and describe
 * publishers themselves (rooms).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package gateway.api.webrtc;

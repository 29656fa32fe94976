/**
 * Live audio streams: the registry that owns them, the publisher side that feeds them, and the
 * media handler whiteboard through which plugins receive their packets.
 *
 * <h2>The model</h2>
 * A plugin that ingests audio (SRT, WHIP, ...) {@linkplain gateway.api.stream.StreamRegistry#open opens}
 * a {@link gateway.api.stream.LiveStream} and feeds it through the returned
 * {@link gateway.api.stream.StreamPublisher}. The registry is owned by the core runtime, so streams
 * outlive updates of every other bundle. Plugins that consume audio (recorder, statistics, forks)
 * register a {@link gateway.api.stream.MediaHandler} service; the registry attaches it to every live
 * stream its {@value gateway.api.stream.MediaHandler#TARGET} filter matches, now and in the future,
 * and detaches it when the service goes away.
 *
 * <h2>Canonical format</h2>
 * Audio inside the gateway is Opus at 48 kHz ({@link gateway.api.stream.StreamFormat#OPUS_48K_STEREO}):
 * one Opus packet per {@link gateway.api.stream.MediaPacket}, timestamps in microseconds.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package gateway.api.stream;

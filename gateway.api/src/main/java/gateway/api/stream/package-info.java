/**
 * Live audio streams: the registry that owns them, the publisher side that feeds them, and the
 * media handler whiteboard through which plugins receive their packets.
 *
 * <h2>The model</h2>
 * A plugin that ingests audio (SRT, WHIP, ...) {@linkplain gateway.api.stream.StreamRegistry#open opens}
 * a stream and feeds it through the returned {@link gateway.api.stream.StreamPublisher}. The registry is
 * owned by the core runtime, so streams outlive updates of every other bundle. Plugins that consume audio
 * (recorder, statistics, forks) register a {@link gateway.api.stream.MediaHandler} service; the registry
 * attaches it to every live stream its {@value gateway.api.stream.MediaHandler#TARGET} filter matches, now
 * and in the future, and detaches it when the service goes away — waiting, within a bound, for its sessions'
 * final callbacks, so that a handler's bundle stops only after its sessions have finished.
 *
 * <h2>Ownership</h2>
 * Only the {@link gateway.api.stream.StreamPublisher} returned by {@code open} can feed, end or fail a
 * stream. Everybody else — handlers, REST resources, other plugins — gets a
 * {@link gateway.api.stream.LiveStream}: a read-only object that is not the publisher and does not lead to
 * it. Packets belong to the registry: it copies the publisher's bytes once and hands every session the same
 * immutable {@link gateway.api.stream.MediaPacket}.
 *
 * <h2>Threads</h2>
 * The publisher's {@code send} never waits for a handler. Each attachment (one handler on one stream) has
 * its own bounded queue and its own thread, which calls the handler's {@code attach} (for whiteboard
 * handlers) and then every callback of its session, one at a time. See {@link gateway.api.stream.MediaHandler}
 * for the complete contract.
 *
 * <h2>Canonical format</h2>
 * Audio inside the gateway is Opus at 48 kHz ({@link gateway.api.stream.StreamFormat#OPUS_48K_STEREO}):
 * one Opus packet per {@link gateway.api.stream.MediaPacket}, timestamps in microseconds.
 *
 * <h2>Versions</h2>
 * 1.1 added codec headers ({@code StreamPublisher.setCodecHeaders}, {@code LiveStream.codecHeaders}).
 * 1.2 added {@code StreamRegistry.attach} with properties (the handler's name and queue capacity), the
 * registry's constants (event types, retention, default queue, detach bound), {@code StreamState.label},
 * {@code AttachmentState} and the {@code id} and {@code state} of {@code AttachmentInfo}.
 * 1.3 added {@code MediaPacket.arrivalMillis}: when the registry took the packet from its publisher.
 * 1.4 added direct delivery ({@code MediaHandler.DIRECT_DELIVERY}, {@code StreamRegistry.DIRECT_SLOW_MILLIS} and
 * {@code DIRECT_SLOW_LIMIT}): a non-blocking session's packets handed over on the publisher's thread.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.4.0")
package gateway.api.stream;

/**
 * Processors: the stages of a streaming session's pipeline. A session (one publisher and a few subscribers in a
 * room) turns the publisher's audio into the audio its subscribers hear by running the processors its task names.
 *
 * <h2>The model</h2>
 * A plugin registers a {@link gateway.api.processing.SessionProcessor} service (the whiteboard) under a unique
 * {@linkplain gateway.api.processing.SessionProcessor#name() name}; a task sent on a session's control socket refers
 * to processors by that name. When a task names a processor, the gateway calls
 * {@link gateway.api.processing.SessionProcessor#start} with a {@link gateway.api.processing.ProcessingContext} for
 * that session, and the returned {@link gateway.api.processing.ProcessorRun} lives until the task changes, ends or the
 * session ends. The input is the publisher's track: a live stream of the stream registry (Opus at 48 kHz, see
 * {@link gateway.api.stream}), which a processor consumes with a {@link gateway.api.stream.MediaHandler} attached
 * through {@link gateway.api.stream.StreamRegistry#attach}. Its output is a room track the subscribers listen to:
 * the input track itself (forwarding untouched) or a track the processor publishes into the room. A processor whose
 * output should survive an update of its own bundle publishes it through {@link gateway.api.processing.SessionOutputs}
 * (since 1.1): the gateway owns that track and relays the stream the processor names, so the subscribers keep
 * listening to one track across the processor's revisions. A stage that goes on while its run stops (an update of the
 * processor's plugin or of the sessions plugin) has its run {@linkplain gateway.api.processing.ProcessorRun#release()
 * released} rather than closed (since 1.2), so that the next run takes that track back.
 *
 * <h2>Threads and failures</h2>
 * The same rules as media handlers: {@code start}, {@code reconfigure} and {@code close} are called on a gateway
 * thread that serves the session's control socket, one at a time per run; they must not block for long (open
 * connections asynchronously). Media arrives on the attachment's own thread as the stream package describes.
 * A processor that fails reports it with {@link gateway.api.processing.ProcessingContext#fail}: the session shows
 * the failure (an {@code error} message to its control clients and a gateway event) and keeps running; an exception
 * thrown from {@code start} refuses the task with that message.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package gateway.api.processing;

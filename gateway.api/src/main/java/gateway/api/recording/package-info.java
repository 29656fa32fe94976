/**
 * Where recordings are kept. The recorder writes audio through a {@link gateway.api.recording.RecordingStorage}
 * service chosen by its configuration; the gateway ships one for the local file system
 * ({@code gateway.recording.storage=file}). A plugin can add another (an object store, a network share)
 * by registering its own implementation with a different {@value gateway.api.recording.RecordingStorage#NAME};
 * the recorder does not change.
 *
 * <h2>Contract in short</h2>
 * Objects are named by the recorder (URL-safe names such as {@code 2026/11/23/3f2a….ogg}), written
 * append-only while a recording runs, read with random access (HTTP range requests, repair after a
 * crash), truncated only by crash repair, and deleted by request or retention.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package gateway.api.recording;

package gateway.api.recording;

import java.io.IOException;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A place for recording files, registered as an OSGi service. Implementations must be thread-safe:
 * the recorder writes several objects at once and serves downloads while it writes.
 *
 * <p><b>Errors.</b> Every method reports failure with an {@link IOException} whose message says what went
 * wrong in words an operator understands (it is shown as the recording's failure reason). A storage that
 * has run out of space or quota throws {@link StorageFullException}.
 *
 * <p><b>Durability.</b> Bytes passed to {@link StorageWriter#write} must survive a crash of the gateway
 * process once the call returns (for a file system: they are in the operating system's page cache);
 * after {@link StorageWriter#sync} they must survive a power failure.
 */
@ConsumerType
public interface RecordingStorage {

    /** Service property (String): the storage's name, e.g. {@code "file"}, used to select it. */
    String NAME = "gateway.recording.storage";

    /**
     * Creates a new, empty object for appending.
     *
     * @param name the object's name: segments of {@code [A-Za-z0-9._-]} separated by {@code /}
     * @return the writer; the caller closes it
     * @throws java.nio.file.FileAlreadyExistsException if the object exists
     * @throws IOException                               if it cannot be created
     */
    StorageWriter create(String name) throws IOException;

    /**
     * Opens an existing object to append to it (used to finish a file repaired after a crash).
     *
     * @param name the object's name
     * @return the writer, positioned at the end; the caller closes it
     * @throws java.nio.file.NoSuchFileException if there is no such object
     * @throws IOException                       if it cannot be opened
     */
    StorageWriter append(String name) throws IOException;

    /**
     * Opens an object for reading.
     *
     * @param name the object's name
     * @return the reader; the caller closes it
     * @throws java.nio.file.NoSuchFileException if there is no such object
     * @throws IOException                       if it cannot be opened
     */
    StorageReader open(String name) throws IOException;

    /**
     * Cuts an object to a length (crash repair drops a torn last page this way).
     *
     * @param name   the object's name
     * @param length the new length, not more than the current one
     * @throws IOException if it cannot be truncated
     */
    void truncate(String name, long length) throws IOException;

    /**
     * Deletes an object.
     *
     * @param name the object's name
     * @return {@code true} if it existed
     * @throws IOException if it exists but cannot be deleted
     */
    boolean delete(String name) throws IOException;
}

package gateway.api.recording;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.osgi.annotation.versioning.ConsumerType;

/** Appends to one object of a {@link RecordingStorage}. Used by one thread at a time. */
@ConsumerType
public interface StorageWriter extends AutoCloseable {

    /**
     * Appends bytes. When this returns, they survive a crash of the gateway process.
     *
     * @param data the bytes between position and limit; consumed
     * @throws StorageFullException if the storage has no space or quota left (nothing or part was written)
     * @throws IOException          on any other failure
     */
    void write(ByteBuffer data) throws IOException;

    /** @return the object's length in bytes, including what this writer appended */
    long size();

    /**
     * Makes everything written so far durable (survives a power failure), like {@code fsync}.
     *
     * @throws IOException on failure
     */
    void sync() throws IOException;

    /**
     * Syncs and releases the object. Idempotent.
     *
     * @throws IOException if the final sync fails
     */
    @Override
    void close() throws IOException;
}

package gateway.api.recording;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Reads one object of a {@link RecordingStorage} with random access. The object may still be growing
 * (a recording in progress); {@link #size()} tells the length when the reader was opened.
 */
@ConsumerType
public interface StorageReader extends AutoCloseable {

    /** @return the object's length when the reader was opened */
    long size();

    /**
     * Reads bytes at a position.
     *
     * @param position where to start, 0-based
     * @param dst      receives up to {@code dst.remaining()} bytes
     * @return the number of bytes read, or -1 at the end of the object
     * @throws IOException on failure
     */
    int read(long position, ByteBuffer dst) throws IOException;

    /**
     * Releases the object. Idempotent.
     *
     * @throws IOException on failure
     */
    @Override
    void close() throws IOException;
}

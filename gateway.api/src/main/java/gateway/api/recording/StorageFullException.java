package gateway.api.recording;

import java.io.IOException;

/** A {@link RecordingStorage} has no space or quota left for what was written. */
public class StorageFullException extends IOException {
    private static final long serialVersionUID = 1L;

    /** @param message what is full, e.g. {@code "recording quota of 500 MB reached"} */
    public StorageFullException(String message) {
        super(message);
    }
}

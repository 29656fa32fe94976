package gateway.rooms.internal;

import java.io.IOException;

/** Where an Ogg input's bytes come from: an HTTP response body, an SRT connection. */
interface ByteSource {

    /**
     * @param buffer where to put them
     * @return how many bytes were read; 0 = none yet (keep reading); -1 = the source ended normally
     * @throws IOException          the source failed
     * @throws InterruptedException the input is being stopped
     */
    int read(byte[] buffer) throws IOException, InterruptedException;

    /** @return what the source is, for the ingress's state text (never the stream key) */
    String describe();

    /** Closes it; unblocks a {@link #read}. Idempotent. */
    void close();
}

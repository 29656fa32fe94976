package gateway.core.internal.stream;

import gateway.api.stream.LiveStream;
import gateway.api.stream.StreamPublisher;
import gateway.api.stream.StreamState;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

/**
 * The producing side of one stream, handed only to the bundle that opened it. A separate object from the
 * {@link RegisteredStream} that everybody else sees, so that holding the stream grants no control over it.
 */
final class Publisher implements StreamPublisher {
    private final RegisteredStream stream;

    Publisher(RegisteredStream stream) {
        this.stream = stream;
    }

    @Override
    public LiveStream stream() {
        return stream;
    }

    @Override
    public void send(long timestampMicros, long durationMicros, ByteBuffer payload) {
        stream.send(timestampMicros, durationMicros, payload);
    }

    @Override
    public void setCodecHeaders(List<ByteBuffer> headers) {
        stream.setCodecHeaders(headers);
    }

    @Override
    public void updateMetadata(Map<String, String> changes) {
        stream.updateMetadata(changes);
    }

    @Override
    public void end(String reason) {
        stream.terminate(StreamState.ENDED, reason);
    }

    @Override
    public void fail(String reason) {
        stream.terminate(StreamState.FAILED, reason);
    }

    @Override
    public void close() {
        stream.terminate(StreamState.ENDED, "closed");
    }

    @Override
    public String toString() {
        return "publisher of " + stream;
    }
}

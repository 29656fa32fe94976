package gateway.callstream.internal.websocket;

/**
 * The payload of a frame, written by its owner straight into the frame being assembled (where it is then masked in
 * place): a message sent 50 times a second need not be built as an array of its own first.
 */
public interface FramePayload {
    /** @return the payload's length in bytes; the same value every time */
    int length();

    /** Writes the payload's {@link #length()} bytes into {@code target} from {@code offset}. */
    void writeTo(byte[] target, int offset);
}

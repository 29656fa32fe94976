package gateway.lib.srt;

/**
 * One live-mode message as it was sent.
 *
 * @param payload         the bytes (owned by the receiver)
 * @param sourceTimeMicros the sender's timestamp, microseconds since its connection start (unwrapped)
 * @param sequence        the packet's sequence number
 */
public record SrtMessage(byte[] payload, long sourceTimeMicros, int sequence) {
}

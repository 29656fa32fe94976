package gateway.lib.srt;

/**
 * One live-mode message as it was sent.
 *
 * @param payload         the bytes (owned by the receiver)
 * @param sourceTimeMicros the sender's timestamp, microseconds since its connection start (unwrapped)
 * @param sequence        the packet's sequence number
 * @param dueNanos        when the message was due for the application, on the {@link System#nanoTime()} clock: its
 *                        arrival time as the sender's timestamp places it plus the connection's latency (SRT's
 *                        TSBPD time). How late a reader took it is {@code System.nanoTime() - dueNanos}; 0 when not
 *                        known. Since 2.2
 * @param releasedNanos   when the receiver released the message for the application (queued it for
 *                        {@link SrtConnection#receive}), on the same clock: {@code releasedNanos - dueNanos} is how
 *                        late the receiving side itself delivered it, the rest up to the reader's
 *                        {@code System.nanoTime()} the reading thread's own wake-up; 0 when not known. Since 2.3
 */
public record SrtMessage(byte[] payload, long sourceTimeMicros, int sequence, long dueNanos, long releasedNanos) {

    /** A message whose due time is not known ({@code dueNanos} 0): the constructor of 2.1 and before. */
    public SrtMessage(byte[] payload, long sourceTimeMicros, int sequence) {
        this(payload, sourceTimeMicros, sequence, 0, 0);
    }

    /** A message not yet released ({@code releasedNanos} 0): the constructor of 2.2. */
    public SrtMessage(byte[] payload, long sourceTimeMicros, int sequence, long dueNanos) {
        this(payload, sourceTimeMicros, sequence, dueNanos, 0);
    }
}

package gateway.srt.internal;

import java.time.Instant;
import java.util.UUID;

/**
 * A reservation of the gate: an event may stream with this token as SRT passphrase until it expires.
 *
 * @param event     the event to be streamed
 * @param token     32 hex characters, the SRT passphrase
 * @param expiresAt when an unused reservation lapses
 * @param record    whether the stream should be recorded
 */
record Reservation(UUID event, String token, Instant expiresAt, boolean record) {
}

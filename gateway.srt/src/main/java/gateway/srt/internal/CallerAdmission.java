package gateway.srt.internal;

import gateway.lib.srt.AccessControl;
import gateway.lib.srt.AccessDecision;
import gateway.lib.srt.ConnectionRequest;
import gateway.lib.srt.RejectReason;
import gateway.lib.srt.SrtConnection;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who may stream: admits an SRT caller only with the token of a waiting reservation as passphrase (and
 * that reservation's event id as stream id, when it sends one). The listener asks it during the
 * handshake, and hands it each accepted connection to find the reservation it was accepted for.
 * Every refusal is counted and logged by {@link CallerRefusals}.
 */
final class CallerAdmission implements AccessControl {
    /**
     * What callers are refused with in the handshake, whatever the ingest's reason. libsrt callers
     * report it as "password required or unexpected"; the reason itself goes to the gateway's log only.
     */
    static final RejectReason REFUSAL = RejectReason.UNSECURE;

    private final ReservationBook book;
    private final CallerRefusals refusals;
    /** What the access control offered each caller, to map the accepted passphrase back to its reservation. */
    private final Map<String, List<Reservation>> offered = new ConcurrentHashMap<>();

    CallerAdmission(ReservationBook book, CallerRefusals refusals) {
        this.book = book;
        this.refusals = refusals;
    }

    @Override
    public AccessDecision decide(ConnectionRequest request) {
        List<Reservation> candidates = book.candidates(request.streamId());
        if (candidates.isEmpty()) {
            boolean waiting = !request.streamId().isEmpty() && book.pendingCount() > 0;
            refusals.refused(waiting ? CallerRefusal.UNKNOWN_STREAM_ID : CallerRefusal.NO_RESERVATION, request.peer(),
                    request.streamId());
            return AccessDecision.reject(REFUSAL);
        }
        offered.put(key(request.peer(), request.streamId()), candidates);
        return AccessDecision.acceptWith(candidates.stream().map(Reservation::token).toList());
    }

    @Override
    public void refused(ConnectionRequest request, RejectReason reason) {
        offered.remove(key(request.peer(), request.streamId()));
        // After accepting, the listener refuses a caller only for its key material or for lack of room.
        CallerRefusal why = switch (reason) {
            case RESOURCE, BACKLOG -> CallerRefusal.LISTENER_FULL;
            default -> request.encrypted() ? CallerRefusal.WRONG_PASSPHRASE : CallerRefusal.MISSING_PASSPHRASE;
        };
        refusals.refused(why, request.peer(), request.streamId());
    }

    /**
     * Takes the reservation an accepted connection was admitted for; closes the connection when that
     * reservation has lapsed meanwhile.
     *
     * @param c a connection the listener accepted
     * @return its reservation, now live; empty when the caller was refused
     */
    Optional<Reservation> admit(SrtConnection c) {
        List<Reservation> candidates = offered.remove(key(c.peer(), c.streamId()));
        Reservation r = candidates == null || c.passphraseIndex() < 0 ? null : candidates.get(c.passphraseIndex());
        if (r == null || !book.connect(r)) {
            refusals.refused(CallerRefusal.RESERVATION_LAPSED, c.peer(), c.streamId());
            c.close();
            return Optional.empty();
        }
        return Optional.of(r);
    }

    /** @return refusals so far per reason (a snapshot) */
    Map<CallerRefusal, Long> refusalCounts() {
        return refusals.counts();
    }

    private static String key(InetSocketAddress peer, String streamId) {
        return peer + "|" + streamId;
    }
}

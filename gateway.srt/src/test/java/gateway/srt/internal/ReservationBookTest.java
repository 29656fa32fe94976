package gateway.srt.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The gate's slots over time, on a clock the test moves. */
class ReservationBookTest {
    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private final SteppingClock clock = new SteppingClock(T0);
    private final UUID a = UUID.fromString("00000000-0000-0000-0000-00000000000a");
    private final UUID b = UUID.fromString("00000000-0000-0000-0000-00000000000b");
    private final UUID c = UUID.fromString("00000000-0000-0000-0000-00000000000c");

    private ReservationBook book(int slots) {
        return new ReservationBook(clock, slots, TIMEOUT);
    }

    @Test
    void aReservationHasAFreshTokenAndExpiresAfterTheTimeout() throws Exception {
        ReservationBook book = book(2);
        Reservation r = book.reserve(a, true);
        assertEquals(a, r.event());
        assertTrue(r.record());
        assertTrue(r.token().matches("[0-9a-f]{32}"), r.token());
        assertEquals(T0.plus(TIMEOUT), r.expiresAt());
        assertNotEquals(r.token(), book.reserve(b, false).token(), "every reservation has its own token");
    }

    @Test
    void candidatesAreTheReservationForTheStreamIdOrEveryWaitingOneOldestFirst() throws Exception {
        ReservationBook book = book(3);
        Reservation ra = book.reserve(a, false);
        clock.advance(Duration.ofSeconds(1));
        Reservation rb = book.reserve(b, false);
        assertEquals(List.of(rb), book.candidates(b.toString()));
        assertEquals(List.of(ra, rb), book.candidates(""), "no stream id: any waiting reservation, oldest first");
        assertEquals(List.of(), book.candidates(c.toString()), "an event without a reservation");
        assertEquals(List.of(), book.candidates("not-an-event"));
        assertEquals(2, book.pendingCount());
    }

    @Test
    void aConnectedReservationIsLiveUntilReleasedAndNoLongerACandidate() throws Exception {
        ReservationBook book = book(1);
        Reservation r = book.reserve(a, false);
        assertTrue(book.connect(r));
        assertEquals(List.of(), book.candidates(""), "a live reservation takes no second caller");
        assertFalse(book.connect(r), "nor connects twice");
        assertEquals(0, book.pendingCount());
        clock.advance(TIMEOUT.multipliedBy(10));
        assertEquals(List.of(), book.expire(), "a live stream does not lapse");
        assertEquals(Optional.of(a), book.currentEvent());
        assertThrows(GateBusyException.class, () -> book.reserve(b, false));
        book.release(r);
        assertTrue(book.isFree());
        assertEquals(b, book.reserve(b, false).event(), "the slot is free again");
    }

    @Test
    void aReservationLapsesExactlyAtItsExpiry() throws Exception {
        ReservationBook book = book(1);
        Reservation r = book.reserve(a, false);
        clock.set(r.expiresAt().minusNanos(1));
        assertEquals(List.of(r), book.candidates(""), "still waiting a nanosecond before");
        assertEquals(List.of(), book.expire());
        clock.set(r.expiresAt());
        assertEquals(List.of(), book.candidates(""), "gone at expiresAt");
        assertFalse(book.connect(r), "its caller can no longer connect");
        assertEquals(List.of(r), book.expire(), "reported as lapsed, although a lookup noticed it first");
        assertEquals(List.of(), book.expire(), "and only once");
        assertTrue(book.isFree());
    }

    @Test
    void everyCallThatNoticesALapseKeepsItForTheNextExpire() throws Exception {
        ReservationBook book = book(2);
        Reservation ra = book.reserve(a, false);
        clock.advance(TIMEOUT);
        Reservation rb = book.reserve(b, false); // notices a's lapse
        assertEquals(Optional.of(b), book.currentEvent());
        assertEquals(List.of(ra), book.expire());
        clock.advance(TIMEOUT);
        assertTrue(book.isFree());
        assertEquals(List.of(rb), book.expire());
    }

    @Test
    void theGateIsBusyWhenEverySlotIsReservedOrLive() throws Exception {
        ReservationBook book = book(2);
        assertEquals(2, book.slots());
        Reservation ra = book.reserve(a, false);
        book.reserve(b, false);
        GateBusyException busy = assertThrows(GateBusyException.class, () -> book.reserve(c, false));
        assertEquals("all 2 stream slots are in use", busy.getMessage());
        assertTrue(book.connect(ra));
        assertThrows(GateBusyException.class, () -> book.reserve(c, false), "live or waiting, a slot is taken");
        clock.advance(TIMEOUT); // b lapses, a is live
        assertEquals(c, book.reserve(c, false).event());
    }

    @Test
    void aOneSlotGateSaysAnotherStreamIsHandled() throws Exception {
        ReservationBook book = new ReservationBook(clock, 0, TIMEOUT);
        assertEquals(1, book.slots(), "at least one slot");
        book.reserve(a, false);
        assertEquals("another stream is already being handled", assertThrows(GateBusyException.class, () -> book.reserve(b, false)).getMessage());
    }

    @Test
    void checkReportsTheOldestLiveStreamElseTheOldestReservation() throws Exception {
        ReservationBook book = book(3);
        assertEquals(Optional.empty(), book.currentEvent());
        Reservation ra = book.reserve(a, false);
        clock.advance(Duration.ofSeconds(1));
        Reservation rb = book.reserve(b, false);
        clock.advance(Duration.ofSeconds(1));
        Reservation rc = book.reserve(c, false);
        assertEquals(Optional.of(a), book.currentEvent(), "the oldest reservation");
        assertTrue(book.connect(rc));
        assertTrue(book.connect(rb));
        assertEquals(Optional.of(c), book.currentEvent(), "a live stream comes first, the first to go live");
        book.release(rc);
        assertEquals(Optional.of(b), book.currentEvent());
        book.release(rb);
        assertEquals(Optional.of(a), book.currentEvent(), "back to the waiting reservation");
        clock.set(ra.expiresAt());
        assertEquals(Optional.empty(), book.currentEvent());
    }
}

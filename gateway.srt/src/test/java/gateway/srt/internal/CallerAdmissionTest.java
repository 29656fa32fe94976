package gateway.srt.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import gateway.lib.srt.SrtConnection;
import gateway.lib.srt.SrtListener;
import gateway.lib.srt.SrtListenerOptions;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Who gets in, against ffmpeg (libsrt) as the caller: the ingest's admission on a real SRT listener,
 * its reservation book on a clock the test moves. Each refusal is counted under its reason.
 */
class CallerAdmissionTest {
    private final SteppingClock clock = new SteppingClock(Instant.parse("2026-01-01T10:00:00Z"));
    private final ReservationBook book = new ReservationBook(clock, 3, Duration.ofSeconds(60));
    private final CallerAdmission admission = new CallerAdmission(book, new CallerRefusals());
    private SrtListener listener;
    private int port;

    @BeforeEach
    void listen() throws Exception {
        boolean present = Files.isExecutable(Path.of("/usr/bin/ffmpeg"));
        if (System.getenv("CI") != null && !present) throw new AssertionError("ffmpeg is required in CI");
        assumeTrue(present, "ffmpeg not installed");
        listener = SrtListener.open(new SrtListenerOptions(new InetSocketAddress("127.0.0.1", 0), Duration.ofMillis(120),
                Duration.ofSeconds(3), 256, 3, 3), admission);
        port = listener.localAddress().getPort();
    }

    @AfterEach
    void close() {
        if (listener != null) listener.close();
    }

    /** The reference document's ffmpeg sender. */
    private Process ffmpeg(String passphrase, String streamId, int seconds) throws Exception {
        String query = (passphrase == null ? "" : "passphrase=" + passphrase) + (streamId == null ? "" : "&streamid=" + streamId);
        return new ProcessBuilder("ffmpeg", "-hide_banner", "-loglevel", "error", "-re", "-f", "lavfi", "-i",
                "sine=frequency=440:duration=" + seconds, "-c:a", "libopus", "-page_duration", "20000", "-f", "ogg",
                "srt://127.0.0.1:" + port + "?" + query).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    private int refusedCaller(String passphrase, String streamId) throws Exception {
        Process p = ffmpeg(passphrase, streamId, 1);
        assertTrue(p.waitFor(20, TimeUnit.SECONDS), "ffmpeg gives up when refused");
        return p.exitValue();
    }

    private static Map<CallerRefusal, Long> counts(Object... reasonAndCount) {
        Map<CallerRefusal, Long> m = new EnumMap<>(CallerRefusal.class);
        for (CallerRefusal r : CallerRefusal.values()) m.put(r, 0L);
        for (int i = 0; i < reasonAndCount.length; i += 2) m.put((CallerRefusal) reasonAndCount[i], ((Number) reasonAndCount[i + 1]).longValue());
        return m;
    }

    @Test
    void wrongPassphraseWrongStreamIdAndNoPassphraseAreRefusedAndCountedApart() throws Exception {
        UUID event = UUID.randomUUID();
        Reservation r = book.reserve(event, false);
        assertNotEquals(0, refusedCaller("ffffffffffffffffffffffffffffffff", null));
        assertEquals(counts(CallerRefusal.WRONG_PASSPHRASE, 1), admission.refusalCounts());
        assertNotEquals(0, refusedCaller(r.token(), UUID.randomUUID().toString()));
        assertEquals(counts(CallerRefusal.WRONG_PASSPHRASE, 1, CallerRefusal.UNKNOWN_STREAM_ID, 1), admission.refusalCounts());
        assertNotEquals(0, refusedCaller(null, event.toString()));
        assertEquals(counts(CallerRefusal.WRONG_PASSPHRASE, 1, CallerRefusal.UNKNOWN_STREAM_ID, 1, CallerRefusal.MISSING_PASSPHRASE, 1),
                admission.refusalCounts());
        assertEquals(0, listener.connectionCount());
        assertEquals(1, book.pendingCount(), "the reservation still waits for its caller");
    }

    @Test
    void theRightTokenGetsInOnceAndLiveOrLapsedReservationsAdmitNobodyElse() throws Exception {
        UUID event = UUID.randomUUID();
        Reservation r = book.reserve(event, false);
        Process caller = ffmpeg(r.token(), event.toString(), 3);
        try {
            SrtConnection c = listener.accept(Duration.ofSeconds(10));
            assertNotNull(c, "ffmpeg with the token and the event id is accepted");
            assertEquals(r, admission.admit(c).orElseThrow());
            assertEquals(counts(), admission.refusalCounts());

            assertNotEquals(0, refusedCaller(r.token(), null), "the token of a live stream is spent");
            assertEquals(counts(CallerRefusal.NO_RESERVATION, 1), admission.refusalCounts());

            Reservation later = book.reserve(UUID.randomUUID(), false);
            clock.set(later.expiresAt());
            assertNotEquals(0, refusedCaller(later.token(), null), "a lapsed token");
            assertEquals(counts(CallerRefusal.NO_RESERVATION, 2), admission.refusalCounts());
            c.close();
        } finally {
            caller.destroy();
            caller.waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aReservationThatLapsesWhileItsCallerConnectsAdmitsNobody() throws Exception {
        UUID event = UUID.randomUUID();
        Reservation r = book.reserve(event, false);
        Process caller = ffmpeg(r.token(), null, 3);
        try {
            SrtConnection c = listener.accept(Duration.ofSeconds(10));
            assertNotNull(c, "accepted in the handshake");
            clock.set(r.expiresAt()); // lapses before the ingest takes the connection
            assertTrue(admission.admit(c).isEmpty());
            assertFalse(c.isOpen(), "the connection is closed");
            assertEquals(counts(CallerRefusal.RESERVATION_LAPSED, 1), admission.refusalCounts());
            assertEquals(1, book.expire().size());
            assertTrue(caller.waitFor(10, TimeUnit.SECONDS), "ffmpeg is told and ends");
        } finally {
            caller.destroy();
        }
    }
}

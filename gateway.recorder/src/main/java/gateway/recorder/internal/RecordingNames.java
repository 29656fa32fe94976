package gateway.recorder.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.random.RandomGenerator;

/**
 * Names recordings: ids that sort by time ({@code 20261123T104233Z-3f9a1c}: the second it was created, UTC, and
 * 24 random bits against collisions within that second), and object names in the storage that group files by
 * day ({@code 2026/11/23/<id>.ogg}, by the UTC day their audio starts).
 */
final class RecordingNames {
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy/MM/dd").withZone(ZoneOffset.UTC);

    private final Clock clock;
    private final RandomGenerator random;

    /**
     * @param clock  the time ids carry
     * @param random the source of their random part
     */
    RecordingNames(Clock clock, RandomGenerator random) {
        this.clock = clock;
        this.random = random;
    }

    /** @return a new recording id */
    String newId() {
        byte[] r = new byte[3];
        random.nextBytes(r);
        return ID_TIME.format(clock.instant()) + "-" + HexFormat.of().formatHex(r);
    }

    /**
     * @param id    the recording id
     * @param start when its audio starts
     * @return the object name of its file
     */
    static String objectName(String id, Instant start) {
        return DAY.format(start) + "/" + id + ".ogg";
    }
}

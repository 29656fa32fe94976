package gateway.callstream.internal;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Plivo's time formats: {@code 2023-06-21 13:23:44.136962+00:00} for creation, seconds for the rest. */
final class Times {
    private static final DateTimeFormatter MICROS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSSxxx").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ssxxx").withZone(ZoneOffset.UTC);

    private Times() {
    }

    static String plivoMicros(Instant t) {
        return t == null ? null : MICROS.format(t);
    }

    static String plivo(Instant t) {
        return t == null ? null : SECONDS.format(t);
    }
}

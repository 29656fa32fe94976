package gateway.recorder.internal;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the human-friendly quantities of the recorder's configuration: durations such as
 * {@code 1h}, {@code 30m}, {@code 90s}, {@code 500ms}, {@code 30d}, and sizes such as {@code 500MB},
 * {@code 2GiB}, {@code 64KB} or a plain number of bytes. {@code 0} (or an empty value) means "off".
 */
final class Units {
    private static final Pattern QUANTITY = Pattern.compile("\\s*(\\d+(?:\\.\\d+)?)\\s*([a-zA-Z]*)\\s*");

    private Units() {
    }

    /**
     * @param setting the configuration key, for the error message
     * @param value   e.g. {@code "1h"}; a plain number is seconds
     * @return the duration; {@link Duration#ZERO} for "off"
     * @throws IllegalArgumentException naming the setting when the value cannot be read
     */
    static Duration duration(String setting, String value) {
        if (value == null || value.isBlank()) return Duration.ZERO;
        Matcher m = QUANTITY.matcher(value);
        if (!m.matches()) throw new IllegalArgumentException(setting + ": '" + value + "' is not a duration (e.g. 90s, 30m, 1h, 30d)");
        double n = Double.parseDouble(m.group(1));
        double millis = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "ms" -> n;
            case "", "s" -> n * 1_000;
            case "m", "min" -> n * 60_000;
            case "h" -> n * 3_600_000;
            case "d" -> n * 86_400_000;
            default -> throw new IllegalArgumentException(setting + ": unknown unit '" + m.group(2) + "' (use ms, s, m, h or d)");
        };
        return Duration.ofMillis(Math.round(millis));
    }

    /**
     * @param setting the configuration key, for the error message
     * @param value   e.g. {@code "500MB"}: B, KB/MB/GB/TB (powers of 1000) or KiB/MiB/GiB/TiB (powers of 1024)
     * @return bytes; 0 for "off"
     * @throws IllegalArgumentException naming the setting when the value cannot be read
     */
    static long size(String setting, String value) {
        if (value == null || value.isBlank()) return 0;
        Matcher m = QUANTITY.matcher(value);
        if (!m.matches()) throw new IllegalArgumentException(setting + ": '" + value + "' is not a size (e.g. 64KB, 500MB, 2GiB)");
        double n = Double.parseDouble(m.group(1));
        double factor = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "", "b" -> 1;
            case "kb", "k" -> 1e3;
            case "mb", "m" -> 1e6;
            case "gb", "g" -> 1e9;
            case "tb", "t" -> 1e12;
            case "kib" -> 1024d;
            case "mib" -> 1024d * 1024;
            case "gib" -> 1024d * 1024 * 1024;
            case "tib" -> 1024d * 1024 * 1024 * 1024;
            default -> throw new IllegalArgumentException(setting + ": unknown unit '" + m.group(2) + "' (use B, KB, MB, GB, TB or KiB, MiB, GiB, TiB)");
        };
        return Math.round(n * factor);
    }

    /** @return the duration as ISO 8601 without its {@code PT}, in lower case: e.g. {@code "4s"}, {@code "1h30m"} */
    static String describe(Duration d) {
        return d.toString().substring(2).toLowerCase(Locale.ROOT);
    }

    /** @return e.g. {@code "12.3 MB"} */
    static String describe(long bytes) {
        if (bytes < 1000) return bytes + " B";
        String[] units = {"KB", "MB", "GB", "TB"};
        double v = bytes;
        int i = -1;
        while (v >= 1000 && i < units.length - 1) {
            v /= 1000;
            i++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[i]);
    }
}

package gateway.core.internal.http;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Sizes as operators write them in configuration files: {@code 1MB}, {@code 512 KiB}, {@code 1048576}. */
final class ByteSize {
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([a-zA-Z]*)");

    private ByteSize() {
    }

    /**
     * @param setting the setting's name, for the message
     * @param value   a number of bytes with an optional unit: B, KB/MB/GB (powers of 1000) or KiB/MiB/GiB (powers of 1024)
     * @return the size in bytes
     * @throws IllegalArgumentException with a message naming the setting, for anything else or a size below one byte
     */
    static long parse(String setting, String value) {
        Matcher m = SIZE.matcher(value == null ? "" : value.trim());
        if (!m.matches()) throw new IllegalArgumentException(setting + ": '" + value + "' is not a size such as 1MB or 512KiB");
        long unit = switch (m.group(2).toUpperCase(Locale.ROOT)) {
            case "", "B" -> 1L;
            case "KB" -> 1_000L;
            case "MB" -> 1_000_000L;
            case "GB" -> 1_000_000_000L;
            case "KIB" -> 1L << 10;
            case "MIB" -> 1L << 20;
            case "GIB" -> 1L << 30;
            default -> throw new IllegalArgumentException(setting + ": unknown unit '" + m.group(2) + "' (use B, KB, MB, GB or KiB, MiB, GiB)");
        };
        long n;
        try {
            n = Math.multiplyExact(Long.parseLong(m.group(1)), unit);
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException(setting + ": '" + value + "' is too large");
        }
        if (n < 1) throw new IllegalArgumentException(setting + ": must be at least one byte");
        return n;
    }
}

package gateway.lib.opus;

/**
 * Whether a system library that this bundle prefers to its pure-Java fallback is in use, for operators (a log
 * line, a metric). The choice is made once per JVM, when the first decoder or resampler is created.
 *
 * @param library        the shared library's name, e.g. {@code libopus.so.0}
 * @param implementation what decodes or resamples: the library's version (e.g. {@code libopus 1.3.1}) or the
 *                       fallback's name (e.g. {@code Concentus 1.0.2}); never {@code null}
 * @param problem        why the library is not used (not installed, the foreign function API refused, switched
 *                       off), or {@code null} when it is
 * @since 1.1
 */
public record NativeLibrary(String library, String implementation, String problem) {
    /**
     * The system property that switches the system libraries off ({@code false}), e.g. to rule them out when
     * looking into a problem; they are used by default.
     */
    public static final String USE_PROPERTY = "gateway.lib.opus.native";

    /** @return whether the system library is in use */
    public boolean inUse() {
        return problem == null;
    }

    static String switchedOff() {
        return "false".equalsIgnoreCase(System.getProperty(USE_PROPERTY, "true").trim())
                ? "switched off by -D" + USE_PROPERTY + "=false" : null;
    }
}

package gateway.recorder.internal;

/**
 * A single byte range of an HTTP {@code Range: bytes=...} request (RFC 9110 §14), resolved against the
 * length of the file.
 *
 * @param first first byte, inclusive
 * @param last  last byte, inclusive
 */
record ByteRange(long first, long last) {

    /** Thrown when a range cannot be satisfied (answered 416 with {@code Content-Range: bytes *}{@code /length}). */
    static final class Unsatisfiable extends Exception {
        private static final long serialVersionUID = 1L;

        Unsatisfiable(String message) {
            super(message);
        }
    }

    long length() {
        return last - first + 1;
    }

    /**
     * @param header the Range header, or null
     * @param size   the file's length
     * @return the range, or null to send the whole file (no header, another unit, or several ranges —
     *         which a server may answer with the whole representation)
     * @throws Unsatisfiable if the range lies beyond the end of the file
     */
    static ByteRange parse(String header, long size) throws Unsatisfiable {
        if (header == null) return null;
        String h = header.trim();
        if (!h.regionMatches(true, 0, "bytes=", 0, 6)) return null;
        String spec = h.substring(6).trim();
        if (spec.contains(",")) return null;
        int dash = spec.indexOf('-');
        if (dash < 0) return null;
        String a = spec.substring(0, dash).trim();
        String b = spec.substring(dash + 1).trim();
        try {
            if (a.isEmpty()) { // suffix: the last N bytes
                long n = Long.parseLong(b);
                if (n <= 0 || size == 0) throw new Unsatisfiable("empty suffix range");
                return new ByteRange(Math.max(0, size - n), size - 1);
            }
            long first = Long.parseLong(a);
            long last = b.isEmpty() ? size - 1 : Math.min(Long.parseLong(b), size - 1);
            if (first < 0 || (!b.isEmpty() && Long.parseLong(b) < first)) return null; // invalid syntax: ignore the header
            if (first >= size) throw new Unsatisfiable("range starts at byte " + first + " but the file has " + size + " bytes");
            return new ByteRange(first, last);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}

package gateway.callstream.internal;

/**
 * A call's recent per-packet results (decoded audio, chunks) kept for the readers that have not taken them yet: each
 * is let go as soon as the last of them took it, and at the latest when a packet {@code size} later takes its slot.
 * Letting go early is what keeps a young collection from finding them alive. Not thread-safe: used under the
 * {@link CallAudio}'s lock.
 *
 * @param <T> the result
 */
final class KeptResults<T> {
    private final Object[] values;
    private final long[] sequences;
    /** Readers that have not yet taken each kept result. */
    private final int[] left;

    /** @param size how many packets back a result can still be taken */
    KeptResults(int size) {
        values = new Object[size];
        sequences = new long[size];
        left = new int[size];
    }

    /** Keeps a packet's result for {@code readers} more readers (none: it is not kept). */
    void keep(long sequence, T value, int readers) {
        int slot = slot(sequence);
        values[slot] = readers > 0 ? value : null;
        sequences[slot] = sequence;
        left[slot] = readers;
    }

    /**
     * A reader takes a packet's result; the last one lets it go.
     *
     * @return the result, or null if it is not kept (every reader took it, or a later packet took its slot)
     */
    @SuppressWarnings("unchecked")
    T take(long sequence) {
        int slot = slot(sequence);
        Object value = values[slot];
        if (value == null || sequences[slot] != sequence) return null;
        if (--left[slot] <= 0) values[slot] = null;
        return (T) value;
    }

    /** A reader joined: it may still take what is kept now, so each kept result waits for one more. */
    void addReader() {
        for (int i = 0; i < values.length; i++) if (values[i] != null) left[i]++;
    }

    /** @return how many results are kept */
    int size() {
        int n = 0;
        for (Object v : values) if (v != null) n++;
        return n;
    }

    private int slot(long sequence) {
        return (int) (sequence % values.length);
    }
}

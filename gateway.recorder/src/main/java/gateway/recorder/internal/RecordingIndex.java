package gateway.recorder.internal;

import java.io.IOException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The recording index in memory, written through to its {@link IndexFolder}. Beside the entries it keeps each
 * stream's {@link StreamHistory}, updated as that stream's entries change, so what a new recording of a stream
 * needs to know costs one map lookup however many recordings the index holds.
 */
final class RecordingIndex {
    private final IndexFolder folder;
    private final Map<String, IndexFolder.Entry> entries = new ConcurrentHashMap<>();
    /** Entries per stream id; guarded by {@code this}. */
    private final Map<String, Map<String, IndexFolder.Entry>> byStream = new HashMap<>();
    private final Map<String, StreamHistory> histories = new ConcurrentHashMap<>();
    /** Sum of the sizes of the finished entries; guarded by {@code this}. */
    private long storedBytes;

    /**
     * @param folder where entries are stored
     * @param loaded the entries it holds now
     */
    RecordingIndex(IndexFolder folder, Collection<IndexFolder.Entry> loaded) {
        this.folder = folder;
        synchronized (this) {
            for (IndexFolder.Entry e : loaded) {
                entries.put(e.recording().id(), e);
                byStream.computeIfAbsent(e.recording().stream(), s -> new HashMap<>()).put(e.recording().id(), e);
                storedBytes += finishedSize(e);
            }
            byStream.forEach((stream, ofStream) -> histories.put(stream, StreamHistory.of(ofStream.values())));
        }
    }

    /**
     * Loads the index from its folder.
     *
     * @param folder the folder
     * @return the index
     * @throws IOException if the folder cannot be read
     */
    static RecordingIndex open(IndexFolder folder) throws IOException {
        return new RecordingIndex(folder, folder.load());
    }

    /**
     * Stores an entry that is being recorded.
     *
     * @param r the entry
     * @throws IOException if it cannot be written
     */
    void put(Recording r) throws IOException {
        put(r, null);
    }

    /**
     * Stores an entry durably.
     *
     * @param r      the entry
     * @param ending how it ended; null while recording
     * @throws IOException if it cannot be written
     */
    void put(Recording r, Ending ending) throws IOException {
        folder.write(r, ending);
        IndexFolder.Entry e = new IndexFolder.Entry(r, ending);
        synchronized (this) {
            storedBytes += finishedSize(e) - finishedSize(entries.put(r.id(), e));
            Map<String, IndexFolder.Entry> ofStream = byStream.computeIfAbsent(r.stream(), s -> new HashMap<>());
            ofStream.put(r.id(), e);
            histories.put(r.stream(), StreamHistory.of(ofStream.values()));
        }
    }

    /**
     * Removes an entry.
     *
     * @param id the entry's id
     * @throws IOException if its file cannot be deleted
     */
    void remove(String id) throws IOException {
        folder.delete(id);
        synchronized (this) {
            IndexFolder.Entry e = entries.remove(id);
            if (e == null) return;
            storedBytes -= finishedSize(e);
            String stream = e.recording().stream();
            Map<String, IndexFolder.Entry> ofStream = byStream.get(stream);
            ofStream.remove(id);
            if (ofStream.isEmpty()) {
                byStream.remove(stream);
                histories.remove(stream);
            } else {
                histories.put(stream, StreamHistory.of(ofStream.values()));
            }
        }
    }

    Optional<Recording> get(String id) {
        return Optional.ofNullable(entries.get(id)).map(IndexFolder.Entry::recording);
    }

    /** @return every entry (a snapshot) */
    Collection<Recording> all() {
        return entries.values().stream().map(IndexFolder.Entry::recording).toList();
    }

    int size() {
        return entries.size();
    }

    /** @return bytes of the finished recordings' files, as their entries say (kept up to date: no scan) */
    synchronized long storedBytes() {
        return storedBytes;
    }

    private static long finishedSize(IndexFolder.Entry e) {
        return e == null || e.recording().active() ? 0 : e.recording().size();
    }

    /** @return entries left in state recording by an earlier run that did not stop cleanly */
    List<Recording> unfinished() {
        return entries.values().stream().map(IndexFolder.Entry::recording).filter(Recording::active).toList();
    }

    /**
     * @param streamId a stream id
     * @return what the index says about that stream's recordings
     */
    StreamHistory history(String streamId) {
        return histories.getOrDefault(streamId, StreamHistory.NONE);
    }
}

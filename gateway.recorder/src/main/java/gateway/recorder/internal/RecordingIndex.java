package gateway.recorder.internal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recording index: one small JSON file per recording in a folder, kept in memory as well. Each change
 * is written to a temporary file, synced and renamed over the old one, so after a crash every entry is
 * either its old or its new version, never torn. No database is needed and the folder can be inspected
 * and backed up with ordinary tools.
 */
final class RecordingIndex {
    private static final Logger LOG = LoggerFactory.getLogger(RecordingIndex.class);
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final Path dir;
    private final ConcurrentHashMap<String, Recording> entries = new ConcurrentHashMap<>();

    /**
     * Loads the index; unreadable entries are moved aside ({@code .corrupt}) and logged.
     *
     * @param dir the index folder (created if missing)
     * @throws IOException if the folder cannot be created or listed
     */
    RecordingIndex(Path dir) throws IOException {
        this.dir = dir;
        Files.createDirectories(dir);
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                String name = f.getFileName().toString();
                if (name.endsWith(".json.tmp")) {
                    Files.deleteIfExists(f); // a write torn by a crash; the previous version is intact
                } else if (name.endsWith(".json")) {
                    try {
                        Recording r = JSON.readValue(f.toFile(), Recording.class);
                        entries.put(r.id(), r);
                    } catch (IOException e) {
                        LOG.warn("Recording index entry {} is unreadable and was set aside: {}", name, e.getMessage());
                        Files.move(f, f.resolveSibling(name + ".corrupt"), StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        }
    }

    /** @return the folder */
    Path dir() {
        return dir;
    }

    /**
     * Stores an entry durably (write, sync, atomic rename).
     *
     * @param r the entry
     * @throws IOException if it cannot be written
     */
    void put(Recording r) throws IOException {
        Path tmp = dir.resolve(r.id() + ".json.tmp");
        byte[] bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(r);
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) ch.write(b);
            ch.force(true);
        }
        Files.move(tmp, dir.resolve(r.id() + ".json"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncDirectory();
        entries.put(r.id(), r);
    }

    /**
     * Removes an entry.
     *
     * @param id the entry's id
     * @throws IOException if its file cannot be deleted
     */
    void remove(String id) throws IOException {
        Files.deleteIfExists(dir.resolve(id + ".json"));
        syncDirectory();
        entries.remove(id);
    }

    Optional<Recording> get(String id) {
        return Optional.ofNullable(entries.get(id));
    }

    Collection<Recording> all() {
        return entries.values();
    }

    /** @return entries left in state recording by an earlier run that did not stop cleanly */
    List<Recording> unfinished() {
        return entries.values().stream().filter(Recording::active).toList();
    }

    private void syncDirectory() {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // not every file system can sync a directory; the rename itself is still atomic
        }
    }
}

package gateway.recorder.internal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The index on disk: one small JSON file per recording, the entry as the API shows it plus its
 * {@link Ending} once finished. Each change is written to a temporary file, synced and renamed over the old
 * one, so after a crash every entry is either its old or its new version, never torn. No database is
 * needed and the folder can be inspected and backed up with ordinary tools.
 */
final class IndexFolder {
    private static final Logger LOG = LoggerFactory.getLogger(IndexFolder.class);
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final String ENDING = "ending";

    /**
     * One stored entry.
     *
     * @param recording the entry
     * @param ending    how it ended; null while recording
     */
    record Entry(Recording recording, Ending ending) {}

    private final Path dir;

    /**
     * @param dir the folder (created if missing)
     * @throws IOException if it cannot be created
     */
    IndexFolder(Path dir) throws IOException {
        this.dir = dir;
        Files.createDirectories(dir);
    }

    /** @return the folder */
    Path dir() {
        return dir;
    }

    /**
     * Reads every entry. Unreadable ones are moved aside ({@code .corrupt}) and logged; a temporary file left by
     * a crash is deleted (the previous version of its entry is intact).
     *
     * @return the entries
     * @throws IOException if the folder cannot be listed
     */
    List<Entry> load() throws IOException {
        List<Entry> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                String name = f.getFileName().toString();
                if (name.endsWith(".json.tmp")) {
                    Files.deleteIfExists(f);
                } else if (name.endsWith(".json")) {
                    try {
                        out.add(read(JSON.readTree(f.toFile())));
                    } catch (IOException | IllegalArgumentException e) {
                        LOG.warn("Recording index entry {} is unreadable and was set aside: {}", name, e.getMessage());
                        Files.move(f, f.resolveSibling(name + ".corrupt"), StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        }
        return out;
    }

    private static Entry read(JsonNode node) throws IOException {
        Recording r = JSON.treeToValue(node, Recording.class);
        if (r.id() == null || r.stream() == null || r.state() == null) throw new IOException("id, stream or state missing");
        JsonNode ending = node.get(ENDING);
        return new Entry(r, ending == null || ending.isNull()
                ? Ending.ofEarlierEntry(r.state(), r.reason())
                : Ending.ofWire(ending.asText()).orElseThrow(() -> new IOException("unknown ending '" + ending.asText() + "'")));
    }

    /**
     * Stores an entry durably (write, sync, atomic rename).
     *
     * @param r      the entry
     * @param ending how it ended, null while recording
     * @throws IOException if it cannot be written
     */
    void write(Recording r, Ending ending) throws IOException {
        ObjectNode node = JSON.valueToTree(r);
        if (ending != null) node.put(ENDING, ending.wire());
        byte[] bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(node);
        Path tmp = dir.resolve(r.id() + ".json.tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) ch.write(b);
            ch.force(true);
        }
        Files.move(tmp, dir.resolve(r.id() + ".json"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncDirectory();
    }

    /**
     * Removes an entry.
     *
     * @param id the entry's id
     * @throws IOException if its file cannot be deleted
     */
    void delete(String id) throws IOException {
        Files.deleteIfExists(dir.resolve(id + ".json"));
        syncDirectory();
    }

    private void syncDirectory() {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // not every file system can sync a directory; the rename itself is still atomic
        }
    }
}

package gateway.sessions.internal;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

/**
 * The sessions' records kept across an update or restart of this plugin: the rooms live on in the rooms plugin, so a
 * new revision of this one takes its sessions back from {@value #FILE} in the data folder (written when the plugin
 * stops, read and removed when it starts). Nothing secret is in it: tokens are not kept (they stay valid, signed by
 * the rooms' key), clients are named by id only.
 */
final class SavedSessions {
    static final String FILE = "sessions/saved.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One session as saved.
     *
     * @param task       the task as {@code set_task} would declare it, or null without one
     * @param taskStatus {@code running} or {@code paused}; null without a task
     */
    record Saved(String id, String clientId, String room, String intent, String createdAt, String updatedAt, String expiresAt,
                 List<String> publishers, List<String> subscribers, Map<String, Object> task, String taskStatus) {
    }

    private final Path file;

    SavedSessions(Path dataDir) {
        this.file = dataDir.resolve(FILE);
    }

    Path file() {
        return file;
    }

    /** Writes the records (owner-only, replaced atomically). */
    void save(List<Saved> sessions) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(sessions));
        try {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // the data folder's own permissions protect it
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** @return the saved records, removed from disk (empty when there are none) */
    List<Saved> take() throws IOException {
        if (!Files.isRegularFile(file)) return List.of();
        try {
            return JSON.readValue(file.toFile(), new TypeReference<List<Saved>>() { });
        } finally {
            Files.deleteIfExists(file);
        }
    }
}

package gateway.rooms.egress.internal;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import gateway.api.rooms.EgressInfo;
import gateway.api.rooms.EgressRequest;
import gateway.api.rooms.EgressStatus;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running egresses on disk ({@code data/rooms/egress/<id>.json}, one file per egress, readable by its owner only:
 * stream URLs carry passphrases), so that an egress outlives a restart or an update of the egress plugin and resumes
 * when it comes back. An egress's file is written on every change of its state and deleted once it has ended.
 */
final class EgressJournal {
    private static final Logger LOG = LoggerFactory.getLogger(EgressJournal.class);
    private static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /**
     * What it takes to resume an egress.
     *
     * @param id         the egress id
     * @param roomSid    its room's sid when it started
     * @param kind       what it records or streams
     * @param room       the room's name
     * @param participant the participant (participant egress), or null
     * @param track      the track (track egresses), or null
     * @param streamUrls the URLs it streams to now, passphrases included
     * @param status     its status
     * @param createdMs  when it was created
     * @param startedAtMs when its first packet was relayed, or 0
     * @param files      its recordings so far
     */
    record Entry(String id, String roomSid, EgressRequest.Kind kind, String room, String participant, String track, List<String> streamUrls,
                 EgressStatus status, long createdMs, long startedAtMs, List<EgressInfo.File> files) {
        EgressRequest request() {
            return new EgressRequest(kind, room, participant, track, streamUrls);
        }
    }

    private final Path dir;

    /** @param dir the folder of the files; created on the first write */
    EgressJournal(Path dir) {
        this.dir = dir;
    }

    /** Writes an egress's entry, atomically. A failure is logged: the egress runs on, it only would not resume. */
    void save(Entry e) {
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".egress", ".tmp");
            try {
                try {
                    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException notPosix) {
                    // a file system without POSIX permissions: the folder's ACL applies
                }
                Files.write(tmp, JSON.writeValueAsBytes(e));
                try {
                    Files.move(tmp, file(e.id()), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException notAtomic) {
                    Files.move(tmp, file(e.id()), StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException ex) {
            LOG.warn("Egress {} could not be saved to {}: it will not resume after a restart ({})", e.id(), dir, ex.toString());
        }
    }

    /** Forgets an egress that has ended. */
    void delete(String id) {
        try {
            Files.deleteIfExists(file(id));
        } catch (IOException ex) {
            LOG.warn("Egress {}: its file in {} could not be deleted ({})", id, dir, ex.toString());
        }
    }

    /** @return the saved egresses, oldest first; a file that cannot be read is logged and set aside as {@code *.bad} */
    List<Entry> load() {
        List<Entry> entries = new ArrayList<>();
        if (!Files.isDirectory(dir)) return entries;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "EG_*.json")) {
            for (Path f : files) {
                try {
                    entries.add(JSON.readValue(f.toFile(), new TypeReference<Entry>() { }));
                } catch (IOException | RuntimeException bad) {
                    LOG.warn("Egress file {} cannot be read, set aside: {}", f, bad.toString());
                    Files.move(f, f.resolveSibling(f.getFileName() + ".bad"), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException ex) {
            LOG.warn("The saved egresses in {} cannot be read: {}", dir, ex.toString());
        }
        entries.sort(Comparator.comparingLong(Entry::createdMs));
        return entries;
    }

    private Path file(String id) {
        return dir.resolve(id + ".json");
    }
}

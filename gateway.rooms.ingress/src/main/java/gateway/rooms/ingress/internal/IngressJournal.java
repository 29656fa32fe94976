package gateway.rooms.ingress.internal;

import gateway.api.rooms.IngressInput;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingresses on disk ({@code data/rooms/ingress/<id>.properties}, readable by their owner only: they hold stream
 * keys and pull URLs with passphrases), so that ingresses outlive an update of the ingress plugin and a restart of the
 * gateway: the same ids, stream keys and URLs afterwards, and a pull that was running runs again. Also keeps the UDP
 * port the SRT listener had, so that SRT ingresses' URLs stay valid when {@code srtPort} is 0 (any free port).
 */
final class IngressJournal {
    private static final Logger LOG = LoggerFactory.getLogger(IngressJournal.class);
    private static final String SRT_PORT = "srt-port.properties";

    /**
     * An ingress's definition.
     *
     * @param id                  the ingress id
     * @param input               its input type
     * @param streamKey           its stream key ("" for URL pulls)
     * @param url                 its URL
     * @param name                its name
     * @param room                its room
     * @param identity            its participant's identity
     * @param participantName     its participant's name
     * @param participantMetadata its participant's metadata
     * @param enabled             whether it takes inputs
     * @param createdMs           when it was created
     * @param running             whether an input was running when it was saved (a pull resumes)
     */
    record Entry(String id, IngressInput input, String streamKey, String url, String name, String room, String identity,
                 String participantName, String participantMetadata, boolean enabled, long createdMs, boolean running) {
        /** @return the same with {@code running} set */
        Entry running(boolean r) {
            return new Entry(id, input, streamKey, url, name, room, identity, participantName, participantMetadata, enabled, createdMs, r);
        }
    }

    private final Path dir;

    /** @param dir the folder of the files; created on the first write */
    IngressJournal(Path dir) {
        this.dir = dir;
    }

    /** Writes an ingress's entry atomically; a failure is logged (the ingress works on, it would not outlive a restart). */
    void save(Entry e) {
        Properties p = new Properties();
        p.setProperty("id", e.id());
        p.setProperty("input", e.input().name());
        p.setProperty("streamKey", e.streamKey());
        p.setProperty("url", e.url());
        p.setProperty("name", e.name());
        p.setProperty("room", e.room());
        p.setProperty("identity", e.identity());
        p.setProperty("participantName", e.participantName());
        p.setProperty("participantMetadata", e.participantMetadata());
        p.setProperty("enabled", String.valueOf(e.enabled()));
        p.setProperty("createdMs", String.valueOf(e.createdMs()));
        p.setProperty("running", String.valueOf(e.running()));
        try {
            write(dir.resolve(e.id() + ".properties"), p, "ingress " + e.id());
        } catch (IOException ex) {
            LOG.warn("Ingress {} could not be saved to {}: it will not outlive a restart ({})", e.id(), dir, ex.toString());
        }
    }

    /** Forgets a deleted ingress. */
    void delete(String id) {
        try {
            Files.deleteIfExists(dir.resolve(id + ".properties"));
        } catch (IOException ex) {
            LOG.warn("Ingress {}: its file in {} could not be deleted ({})", id, dir, ex.toString());
        }
    }

    /** @return the saved ingresses, oldest first; a file that cannot be read is logged and set aside as {@code *.bad} */
    List<Entry> load() {
        List<Entry> entries = new ArrayList<>();
        if (!Files.isDirectory(dir)) return entries;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "IN_*.properties")) {
            for (Path f : files) {
                try (Reader r = Files.newBufferedReader(f)) {
                    Properties p = new Properties();
                    p.load(r);
                    entries.add(new Entry(required(p, "id"), IngressInput.valueOf(required(p, "input")), p.getProperty("streamKey", ""),
                            required(p, "url"), p.getProperty("name", ""), required(p, "room"), required(p, "identity"),
                            p.getProperty("participantName", ""), p.getProperty("participantMetadata", ""),
                            Boolean.parseBoolean(p.getProperty("enabled", "true")), Long.parseLong(p.getProperty("createdMs", "0")),
                            Boolean.parseBoolean(p.getProperty("running", "false"))));
                } catch (IOException | RuntimeException bad) {
                    LOG.warn("Ingress file {} cannot be read, set aside: {}", f, bad.toString());
                    Files.move(f, f.resolveSibling(f.getFileName() + ".bad"), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException ex) {
            LOG.warn("The saved ingresses in {} cannot be read: {}", dir, ex.toString());
        }
        entries.sort(Comparator.comparingLong(Entry::createdMs));
        return entries;
    }

    /** @return the SRT listener's port of the last run, or 0 */
    int srtPort() {
        Path f = dir.resolve(SRT_PORT);
        if (!Files.exists(f)) return 0;
        try (Reader r = Files.newBufferedReader(f)) {
            Properties p = new Properties();
            p.load(r);
            return Integer.parseInt(p.getProperty("port", "0").trim());
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    /** Keeps the SRT listener's port for the next run. */
    void srtPort(int port) {
        Properties p = new Properties();
        p.setProperty("port", String.valueOf(port));
        try {
            write(dir.resolve(SRT_PORT), p, "UDP port of the SRT ingresses' listener (srtPort = 0 takes it again when it is free)");
        } catch (IOException ex) {
            LOG.warn("The SRT ingresses' port could not be saved to {} ({})", dir, ex.toString());
        }
    }

    private void write(Path file, Properties p, String comment) throws IOException {
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, ".ingress", ".tmp");
        try {
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // a file system without POSIX permissions: the folder's ACL applies
            }
            try (Writer w = Files.newBufferedWriter(tmp)) {
                p.store(w, comment);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException notAtomic) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static String required(Properties p, String key) {
        String v = p.getProperty(key);
        if (v == null || v.isEmpty()) throw new IllegalArgumentException("no " + key);
        return v;
    }
}

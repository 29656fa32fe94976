package gateway.recorder.internal;

import gateway.api.recording.RecordingStorage;
import gateway.api.recording.StorageFullException;
import gateway.api.recording.StorageReader;
import gateway.api.recording.StorageWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Recording storage on the local file system, the default ({@code gateway.recording.storage=file}).
 * Objects are files below one directory; a quota, when configured, is enforced on every write.
 */
@Component(service = RecordingStorage.class, configurationPid = "gateway.recorder.storage.file",
        configurationPolicy = ConfigurationPolicy.OPTIONAL, property = RecordingStorage.NAME + "=file")
@Designate(ocd = FileStorage.Config.class)
public final class FileStorage implements RecordingStorage {

    /** Configuration (PID {@code gateway.recorder.storage.file}). */
    @ObjectClassDefinition(name = "Recording storage: file system")
    public @interface Config {
        /** @return the directory; empty means {@code <gateway data>/recordings/audio} */
        @AttributeDefinition(description = "Directory for recording files; empty: <data>/recordings/audio")
        String directory() default "";

        /** @return the most the recordings may occupy, e.g. {@code 50GB}; 0 = until the disk is full */
        @AttributeDefinition(description = "Quota for all recording files, e.g. 50GB; 0: none")
        String quota() default "0";
    }

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*");

    private final Path root;
    private final long quota;
    private final AtomicLong used = new AtomicLong();

    /**
     * @param context the bundle context, for the gateway's data folder
     * @param config  the configuration
     * @throws IOException if the directory cannot be created or read
     */
    @Activate
    public FileStorage(BundleContext context, Config config) throws IOException {
        this(resolveRoot(context, config.directory()), Units.size("quota", config.quota()));
    }

    FileStorage(Path root, long quota) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        this.quota = quota;
        Files.createDirectories(this.root);
        try (Stream<Path> files = Files.walk(this.root)) {
            used.set(files.filter(Files::isRegularFile).mapToLong(FileStorage::sizeOf).sum());
        }
    }

    private static Path resolveRoot(BundleContext context, String directory) {
        if (!directory.isBlank()) return Path.of(directory);
        String data = context.getProperty("gateway.data");
        return data != null ? Path.of(data, "recordings", "audio") : context.getDataFile("audio").toPath();
    }

    private static long sizeOf(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0;
        }
    }

    /** @return bytes the stored objects occupy */
    long used() {
        return used.get();
    }

    Path path(String name) {
        if (name == null || !NAME.matcher(name).matches() || name.contains(".."))
            throw new IllegalArgumentException("invalid object name '" + name + "'");
        return root.resolve(name);
    }

    @Override
    public StorageWriter create(String name) throws IOException {
        Path p = path(name);
        Files.createDirectories(p.getParent());
        return new FileWriter(FileChannel.open(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
    }

    @Override
    public StorageWriter append(String name) throws IOException {
        FileChannel ch = FileChannel.open(path(name), StandardOpenOption.WRITE);
        ch.position(ch.size());
        return new FileWriter(ch);
    }

    @Override
    public StorageReader open(String name) throws IOException {
        FileChannel ch = FileChannel.open(path(name), StandardOpenOption.READ);
        long size = ch.size();
        return new StorageReader() {
            @Override
            public long size() {
                return size;
            }

            @Override
            public int read(long position, ByteBuffer dst) throws IOException {
                if (position >= size) return -1;
                int limit = dst.limit();
                if (dst.remaining() > size - position) dst.limit(dst.position() + (int) (size - position));
                try {
                    return ch.read(dst, position);
                } finally {
                    dst.limit(limit);
                }
            }

            @Override
            public void close() throws IOException {
                ch.close();
            }
        };
    }

    @Override
    public void truncate(String name, long length) throws IOException {
        try (FileChannel ch = FileChannel.open(path(name), StandardOpenOption.WRITE)) {
            long before = ch.size();
            if (length < before) {
                ch.truncate(length);
                ch.force(true);
                used.addAndGet(length - before);
            }
        }
    }

    @Override
    public boolean delete(String name) throws IOException {
        Path p = path(name);
        long size;
        try {
            size = Files.size(p);
        } catch (NoSuchFileException e) {
            return false;
        }
        boolean deleted = Files.deleteIfExists(p);
        if (deleted) {
            used.addAndGet(-size);
            removeEmptyParents(p.getParent());
        }
        return deleted;
    }

    private void removeEmptyParents(Path dir) {
        try {
            while (dir != null && dir.startsWith(root) && !dir.equals(root)) {
                try (Stream<Path> s = Files.list(dir)) {
                    if (s.findAny().isPresent()) return;
                }
                Files.delete(dir);
                dir = dir.getParent();
            }
        } catch (IOException | UncheckedIOException ignored) {
            // a concurrent writer created a file there; leave the folder
        }
    }

    private final class FileWriter implements StorageWriter {
        private final FileChannel channel;
        private boolean closed;

        FileWriter(FileChannel channel) {
            this.channel = channel;
        }

        @Override
        public void write(ByteBuffer data) throws IOException {
            int n = data.remaining();
            if (quota > 0 && used.get() + n > quota) {
                throw new StorageFullException("recording storage quota of " + Units.describe(quota) + " reached");
            }
            try {
                while (data.hasRemaining()) used.addAndGet(channel.write(data));
            } catch (IOException e) {
                String m = String.valueOf(e.getMessage());
                if (m.contains("No space left")) throw new StorageFullException("no space left on the recording disk (" + root + ")");
                throw e;
            }
        }

        @Override
        public long size() {
            try {
                return channel.size();
            } catch (IOException e) {
                return -1;
            }
        }

        @Override
        public void sync() throws IOException {
            channel.force(false);
        }

        @Override
        public void close() throws IOException {
            if (closed) return;
            closed = true;
            try {
                channel.force(false);
            } finally {
                channel.close();
            }
        }
    }
}

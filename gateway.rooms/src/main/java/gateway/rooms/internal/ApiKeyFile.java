package gateway.rooms.internal;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Properties;

/**
 * The API key and secret generated on the first start when {@code etc/} names none: a properties file readable by
 * its owner only (mode 600), created atomically so that two starts never write two different secrets.
 */
final class ApiKeyFile {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A key and its secret. */
    record Keys(String apiKey, String apiSecret) {}

    private ApiKeyFile() {
    }

    /** @return the keys in {@code file}, generated and written first if it does not exist */
    static Keys readOrCreate(Path file) throws IOException {
        if (!Files.exists(file)) {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Keys generated = new Keys(Sids.next("API"), generateSecret());
            Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), ".api-key", ".tmp");
            try {
                try {
                    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException notPosix) {
                    // a file system without POSIX permissions (Windows): the folder's ACL applies
                }
                Properties p = new Properties();
                p.setProperty("apiKey", generated.apiKey());
                p.setProperty("apiSecret", generated.apiSecret());
                try (Writer w = Files.newBufferedWriter(tmp, StandardOpenOption.TRUNCATE_EXISTING)) {
                    p.store(w, "LiveKit API key and secret of the gateway's rooms, generated on the first start");
                }
                Files.createLink(file, tmp);
            } catch (FileAlreadyExistsException anotherStartWroteIt) {
                // keep the one that is there
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        }
        String key = p.getProperty("apiKey", "").trim();
        String secret = p.getProperty("apiSecret", "").trim();
        if (key.isEmpty() || secret.isEmpty()) throw new IOException(file + " names no apiKey and apiSecret");
        return new Keys(key, secret);
    }

    private static String generateSecret() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}

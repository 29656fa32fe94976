package gateway.sessions.internal;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The session-storage API's clients: {@code ClientID}/{@code ClientSecret} pairs. Configured pairs win; with none,
 * one client is generated once into {@code <data>/sessions.client} (readable by the owner only). Secrets are never
 * logged.
 */
final class ClientCredentials {
    private static final Logger LOG = LoggerFactory.getLogger(ClientCredentials.class);
    static final String FILE = "sessions.client";
    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".toCharArray();

    /** ClientID → secret bytes. */
    private final Map<String, byte[]> secrets;

    private ClientCredentials(Map<String, byte[]> secrets) {
        this.secrets = secrets;
    }

    /**
     * @param configured the {@code clients} setting: {@code id:secret} pairs separated by commas or blanks
     * @param dataDir    where a generated client is kept
     * @throws IllegalArgumentException if a configured pair is malformed (without echoing its secret)
     */
    static ClientCredentials of(String configured, Path dataDir) {
        Map<String, byte[]> secrets = new LinkedHashMap<>();
        if (configured != null) {
            int n = 0;
            for (String pair : configured.trim().split("[,\\s]+")) {
                if (pair.isEmpty()) continue;
                n++;
                int colon = pair.indexOf(':');
                if (colon <= 0 || colon == pair.length() - 1) {
                    throw new IllegalArgumentException("clients: entry " + n + " is not ClientID:ClientSecret");
                }
                secrets.put(pair.substring(0, colon), pair.substring(colon + 1).getBytes(StandardCharsets.UTF_8));
            }
        }
        if (!secrets.isEmpty()) {
            LOG.info("Session storage: {} configured client(s): {}", secrets.size(), String.join(", ", secrets.keySet()));
            return new ClientCredentials(secrets);
        }
        Path file = dataDir.resolve(FILE);
        try {
            String[] client = readOrCreate(file);
            secrets.put(client[0], client[1].getBytes(StandardCharsets.UTF_8));
            LOG.info("Session storage: client {} (generated; its secret is in {})", client[0], file.toAbsolutePath());
        } catch (IOException e) {
            // Fail closed: nobody gets in without a readable client.
            LOG.error("Session storage: cannot read or create {} ({}); every request is refused", file, e.toString());
        }
        return new ClientCredentials(secrets);
    }

    /**
     * @param id     the {@code ClientID} header, may be null
     * @param secret the {@code ClientSecret} header, may be null
     * @return whether they are a valid pair (compared in constant time)
     */
    boolean permits(String id, String secret) {
        if (id == null || secret == null) return false;
        byte[] expected = secrets.get(id);
        boolean same = MessageDigest.isEqual(secret.getBytes(StandardCharsets.UTF_8), expected == null ? new byte[0] : expected);
        return expected != null && same;
    }

    private static String[] readOrCreate(Path file) throws IOException {
        if (Files.isRegularFile(file)) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(r);
            }
            String id = p.getProperty("client_id", "").trim();
            String secret = p.getProperty("client_secret", "").trim();
            if (!id.isEmpty() && !secret.isEmpty()) return new String[] {id, secret};
        }
        Files.createDirectories(file.getParent());
        SecureRandom random = new SecureRandom();
        String id = "client-" + random(random, 12);
        String secret = random(random, 40);
        Path tmp = file.resolveSibling(FILE + ".tmp");
        Files.writeString(tmp, "# The session-storage API's client (headers ClientID and ClientSecret), generated on first start.\n"
                + "client_id=" + id + "\nclient_secret=" + secret + "\n", StandardCharsets.UTF_8);
        try {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
            // not a POSIX file system; the data folder's own permissions apply
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return new String[] {id, secret};
    }

    private static String random(SecureRandom random, int n) {
        char[] c = new char[n];
        for (int i = 0; i < n; i++) c[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        return new String(c);
    }
}

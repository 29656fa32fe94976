package gateway.callstream.internal;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API's accounts: {@code auth_id}/{@code auth_token} pairs, checked with HTTP Basic as Plivo's SDKs send
 * them. Configured pairs win; with none, one account is generated once into {@code <data>/callstream.account}
 * (readable by the owner only). Tokens are never logged.
 */
final class Accounts {
    private static final Logger LOG = LoggerFactory.getLogger(Accounts.class);
    static final String FILE = "callstream.account";
    private static final char[] ID_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".toCharArray();
    private static final char[] TOKEN_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".toCharArray();

    /** auth_id → auth_token bytes. */
    private final Map<String, byte[]> tokens;

    private Accounts(Map<String, byte[]> tokens) {
        this.tokens = tokens;
    }

    /**
     * @param configured the {@code accounts} setting: {@code id:token} pairs separated by commas or blanks
     * @param dataDir    where a generated account is kept
     * @throws IllegalArgumentException if a configured pair is malformed (without echoing its token)
     */
    static Accounts of(String configured, Path dataDir) {
        Map<String, byte[]> tokens = new LinkedHashMap<>();
        if (configured != null) {
            int n = 0;
            for (String pair : configured.trim().split("[,\\s]+")) {
                if (pair.isEmpty()) continue;
                n++;
                int colon = pair.indexOf(':');
                if (colon <= 0 || colon == pair.length() - 1) {
                    throw new IllegalArgumentException("accounts: entry " + n + " is not auth_id:auth_token");
                }
                tokens.put(pair.substring(0, colon), pair.substring(colon + 1).getBytes(StandardCharsets.UTF_8));
            }
        }
        if (!tokens.isEmpty()) {
            LOG.info("Call stream API: {} configured account(s): {}", tokens.size(), String.join(", ", tokens.keySet()));
            return new Accounts(tokens);
        }
        Path file = dataDir.resolve(FILE);
        try {
            String[] account = readOrCreate(file);
            tokens.put(account[0], account[1].getBytes(StandardCharsets.UTF_8));
            LOG.info("Call stream API: account {} (generated; its auth_token is in {})", account[0], file.toAbsolutePath());
        } catch (IOException e) {
            // Fail closed: nobody gets in without a readable account.
            LOG.error("Call stream API: cannot read or create {} ({}); every request is refused", file, e.toString());
        }
        return new Accounts(tokens);
    }

    /**
     * @param authorization the request's {@code Authorization} header, may be {@code null}
     * @param pathAuthId    the {@code auth_id} in the request's path
     * @return whether the header carries the valid pair of exactly that account
     */
    boolean permits(String authorization, String pathAuthId) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) return false;
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) return false;
        String id = decoded.substring(0, colon);
        byte[] expected = tokens.get(id);
        boolean tokenOk = MessageDigest.isEqual(decoded.substring(colon + 1).getBytes(StandardCharsets.UTF_8),
                expected == null ? new byte[0] : expected);
        return expected != null && tokenOk && id.equals(pathAuthId);
    }

    private static String[] readOrCreate(Path file) throws IOException {
        if (Files.isRegularFile(file)) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(r);
            }
            String id = p.getProperty("auth_id", "").trim();
            String token = p.getProperty("auth_token", "").trim();
            if (!id.isEmpty() && !token.isEmpty()) return new String[] {id, token};
        }
        Files.createDirectories(file.getParent());
        SecureRandom random = new SecureRandom();
        String id = "MA" + random(random, ID_CHARS, 18);
        String token = random(random, TOKEN_CHARS, 40);
        Path tmp = file.resolveSibling(FILE + ".tmp");
        Files.writeString(tmp, "# The call stream API's account (HTTP Basic: auth_id:auth_token), generated on first start.\n"
                + "auth_id=" + id + "\nauth_token=" + token + "\n", StandardCharsets.UTF_8);
        try {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
            // not a POSIX file system; the data folder's own permissions apply
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return new String[] {id, token};
    }

    private static String random(SecureRandom random, char[] alphabet, int n) {
        char[] c = new char[n];
        for (int i = 0; i < n; i++) c[i] = alphabet[random.nextInt(alphabet.length)];
        return new String(c);
    }
}

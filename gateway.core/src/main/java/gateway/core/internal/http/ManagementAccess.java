package gateway.core.internal.http;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may call management endpoints. A token is required when one is configured, and always when
 * the HTTP server listens beyond loopback: then, without a configured token, one is generated once
 * and kept in {@code <data>/management.token} (readable by the owner only). The token is never logged.
 */
public final class ManagementAccess {
    private static final Logger LOG = LoggerFactory.getLogger(ManagementAccess.class);
    static final String TOKEN_FILE = "management.token";

    private final byte[] token;

    private ManagementAccess(byte[] token) {
        this.token = token;
    }

    /** @return an access policy that lets everyone in */
    public static ManagementAccess open() {
        return new ManagementAccess(null);
    }

    /** @return an access policy nobody passes, for the moment before the settings are known */
    static ManagementAccess denyAll() {
        return withToken(HexFormat.of().formatHex(randomBytes()));
    }

    /** @return an access policy requiring the given bearer token */
    public static ManagementAccess withToken(String token) {
        return new ManagementAccess(token.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Decides the policy for a configuration.
     *
     * @param host            the HTTP bind address
     * @param configuredToken the configured token, or blank
     * @param dataDir         where a generated token is kept
     */
    static ManagementAccess decide(String host, String configuredToken, Path dataDir) {
        if (configuredToken != null && !configuredToken.isBlank()) {
            LOG.info("Management endpoints require the configured bearer token");
            return withToken(configuredToken.trim());
        }
        if (isLoopback(host)) {
            LOG.info("Management endpoints are open: the gateway listens on loopback ({}) and no token is configured", host);
            return open();
        }
        Path file = dataDir.resolve(TOKEN_FILE);
        try {
            String token = readOrCreate(file);
            LOG.info("Management endpoints require a bearer token because the gateway listens on {}; the token is in {}", host, file.toAbsolutePath());
            return withToken(token);
        } catch (IOException e) {
            // Fail closed: without a readable token nobody gets in.
            LOG.error("Cannot read or create {} ({}); management endpoints refuse every request", file, e.toString());
            return denyAll();
        }
    }

    /** @return whether requests need a token */
    public boolean required() {
        return token != null;
    }

    /**
     * @param authorization the request's {@code Authorization} header, may be {@code null}
     * @return whether the request may use management endpoints
     */
    public boolean permits(String authorization) {
        return check(authorization) == null;
    }

    /**
     * @param authorization the request's {@code Authorization} header, may be {@code null}
     * @return why the request is refused, or {@code null} if it may use management endpoints
     */
    public ManagementRefusalCounter.Reason check(String authorization) {
        if (token == null) return null;
        if (authorization == null || authorization.isBlank()) return ManagementRefusalCounter.Reason.MISSING_TOKEN;
        if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) return ManagementRefusalCounter.Reason.NOT_BEARER;
        byte[] offered = authorization.substring(7).trim().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(offered, token) ? null : ManagementRefusalCounter.Reason.WRONG_TOKEN;
    }

    static boolean isLoopback(String host) {
        if (host == null || host.isBlank()) return false;
        if ("localhost".equalsIgnoreCase(host)) return true;
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static String readOrCreate(Path file) throws IOException {
        if (Files.isRegularFile(file)) {
            String existing = Files.readString(file, StandardCharsets.UTF_8).trim();
            if (!existing.isEmpty()) return existing;
        }
        Files.createDirectories(file.getParent());
        String token = HexFormat.of().formatHex(randomBytes());
        Path tmp = file.resolveSibling(TOKEN_FILE + ".tmp");
        Files.writeString(tmp, token + "\n", StandardCharsets.UTF_8);
        try {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
            // not a POSIX file system; the data folder's own permissions apply
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return token;
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[24];
        new SecureRandom().nextBytes(b);
        return b;
    }
}

package gateway.rooms.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gateway.api.rooms.AccessClaims;
import gateway.api.rooms.AccessTokens;
import gateway.api.rooms.InvalidTokenException;
import gateway.api.rooms.VideoGrant;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.time.Duration;
import java.util.function.LongSupplier;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * LiveKit access tokens signed with the gateway's API key and secret: from {@code etc/gateway.rooms.keys.cfg}, or
 * generated on the first start into {@code data/rooms/api-key.properties} (mode 600). The secret is never logged.
 */
@Component(service = AccessTokens.class, configurationPid = TokenAuthority.PID, immediate = true)
@Designate(ocd = TokenAuthority.Config.class)
public final class TokenAuthority implements AccessTokens {
    static final String PID = "gateway.rooms.keys";
    private static final Logger LOG = LoggerFactory.getLogger(TokenAuthority.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Clock skew accepted on nbf and exp, as LiveKit's server accepts it. */
    static final long LEEWAY_SECONDS = 60;

    /** The API key and secret. */
    @ObjectClassDefinition(name = "Gateway rooms: API key", description = "The LiveKit API key and secret of the rooms.")
    public @interface Config {
        @AttributeDefinition(description = "The API key (the iss of tokens); empty = the generated one in data/rooms/api-key.properties.")
        String apiKey() default "";

        @AttributeDefinition(description = "The API secret that signs tokens (HS256); empty = the generated one.", type = AttributeType.PASSWORD)
        String apiSecret() default "";

        @AttributeDefinition(description = "Seconds a token minted by POST /token is valid (LiveKit: 6 hours).")
        long tokenTtlSeconds() default 21600;
    }

    private final String apiKey;
    private final byte[] secret;
    private final Duration defaultTtl;
    private final LongSupplier clockSeconds;

    @Activate
    public TokenAuthority(Config config, BundleContext context) throws IOException {
        this(config, dataFolder(context).resolve("rooms").resolve("api-key.properties"), () -> System.currentTimeMillis() / 1000);
    }

    TokenAuthority(Config config, Path generatedFile, LongSupplier clockSeconds) throws IOException {
        if (config.apiKey().isBlank() != config.apiSecret().isBlank()) {
            throw new IllegalArgumentException("set both apiKey and apiSecret in " + PID + ", or neither");
        }
        if (config.apiKey().isBlank()) {
            ApiKeyFile.Keys keys = ApiKeyFile.readOrCreate(generatedFile);
            this.apiKey = keys.apiKey();
            this.secret = keys.apiSecret().getBytes(StandardCharsets.UTF_8);
            LOG.info("Rooms API key {} (secret in {})", apiKey, generatedFile);
        } else {
            this.apiKey = config.apiKey().trim();
            this.secret = config.apiSecret().trim().getBytes(StandardCharsets.UTF_8);
            LOG.info("Rooms API key {} (from the configuration)", apiKey);
        }
        this.defaultTtl = Duration.ofSeconds(config.tokenTtlSeconds());
        this.clockSeconds = clockSeconds;
    }

    private static Path dataFolder(BundleContext context) {
        String data = context.getProperty("gateway.data");
        return Path.of(data == null ? "data" : data);
    }

    @Override
    public String apiKey() {
        return apiKey;
    }

    @Override
    public String mint(String identity, String name, String metadata, VideoGrant grant, Duration ttl) {
        long now = clockSeconds.getAsLong();
        ObjectNode claims = JSON.createObjectNode();
        claims.set("video", grantJson(grant));
        if (metadata != null && !metadata.isEmpty()) claims.put("metadata", metadata);
        if (name != null && !name.isEmpty()) claims.put("name", name);
        claims.put("iss", apiKey);
        if (identity != null) {
            claims.put("sub", identity);
            claims.put("jti", identity);
        }
        claims.put("nbf", now);
        claims.put("exp", now + (ttl == null ? defaultTtl : ttl).toSeconds());
        return Hs256Jwt.sign(claims, secret);
    }

    @Override
    public String signBody(byte[] body) {
        long now = clockSeconds.getAsLong();
        ObjectNode claims = JSON.createObjectNode();
        claims.putObject("video");
        claims.put("sha256", Base64.getEncoder().encodeToString(sha256(body)));
        claims.put("iss", apiKey);
        claims.put("nbf", now);
        claims.put("exp", now + 600);
        return Hs256Jwt.sign(claims, secret);
    }

    private static byte[] sha256(byte[] body) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(body);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static ObjectNode grantJson(VideoGrant g) {
        ObjectNode v = JSON.createObjectNode();
        if (g.roomCreate()) v.put("roomCreate", true);
        if (g.roomList()) v.put("roomList", true);
        if (g.roomJoin()) v.put("roomJoin", true);
        if (g.roomAdmin()) v.put("roomAdmin", true);
        if (g.roomRecord()) v.put("roomRecord", true);
        if (g.ingressAdmin()) v.put("ingressAdmin", true);
        if (g.room() != null) v.put("room", g.room());
        if (g.canPublish() != null) v.put("canPublish", g.canPublish());
        if (g.canSubscribe() != null) v.put("canSubscribe", g.canSubscribe());
        if (g.canPublishData() != null) v.put("canPublishData", g.canPublishData());
        if (g.canUpdateOwnMetadata()) v.put("canUpdateOwnMetadata", true);
        if (g.hidden()) v.put("hidden", true);
        return v;
    }

    @Override
    public AccessClaims verify(String jwt) throws InvalidTokenException {
        if (jwt == null || jwt.isBlank()) throw new InvalidTokenException("no token");
        JsonNode c;
        try {
            c = Hs256Jwt.verify(jwt.trim(), secret);
        } catch (Hs256Jwt.Refused e) {
            throw new InvalidTokenException(e.getMessage());
        }
        if (!apiKey.equals(c.path("iss").asText())) throw new InvalidTokenException("the token is issued for another API key");
        long now = clockSeconds.getAsLong();
        if (!c.path("exp").canConvertToLong()) throw new InvalidTokenException("the token has no expiry (exp)");
        long exp = c.path("exp").asLong();
        if (now > exp + LEEWAY_SECONDS) throw new InvalidTokenException("the token expired");
        long nbf = c.path("nbf").asLong(0);
        if (now + LEEWAY_SECONDS < nbf) throw new InvalidTokenException("the token is not valid yet (nbf)");
        JsonNode v = c.path("video");
        VideoGrant grant = new VideoGrant(v.path("roomCreate").asBoolean(), v.path("roomList").asBoolean(), v.path("roomJoin").asBoolean(),
                v.path("roomAdmin").asBoolean(), v.path("roomRecord").asBoolean(), v.path("ingressAdmin").asBoolean(),
                text(v, "room"), bool(v, "canPublish"), bool(v, "canSubscribe"), bool(v, "canPublishData"),
                v.path("canUpdateOwnMetadata").asBoolean(), v.path("hidden").asBoolean());
        return new AccessClaims(c.path("iss").asText(), text(c, "sub"), text(c, "name"), text(c, "metadata"), nbf, exp, grant);
    }

    private static String text(JsonNode n, String field) {
        JsonNode f = n.get(field);
        return f == null || f.isNull() || f.asText().isEmpty() ? null : f.asText();
    }

    private static Boolean bool(JsonNode n, String field) {
        JsonNode f = n.get(field);
        return f == null || f.isNull() ? null : f.asBoolean();
    }
}

package gateway.rooms.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.api.rooms.AccessClaims;
import gateway.api.rooms.InvalidTokenException;
import gateway.api.rooms.VideoGrant;
import java.lang.annotation.Annotation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenAuthorityTest {
    private final AtomicLong now = new AtomicLong(1_700_000_000L);

    @TempDir
    Path tmp;

    static TokenAuthority.Config config(String key, String secret) {
        return new TokenAuthority.Config() {
            public Class<? extends Annotation> annotationType() { return TokenAuthority.Config.class; }
            public String apiKey() { return key; }
            public String apiSecret() { return secret; }
            public long tokenTtlSeconds() { return 600; }
        };
    }

    @Test
    void aMintedTokenCarriesLiveKitsClaimsAndVerifies() throws Exception {
        TokenAuthority tokens = new TokenAuthority(config("devkey", "secret-of-at-least-32-characters!!"), tmp.resolve("k"), now::get);
        String jwt = tokens.mint("alice", "Alice", "{\"a\":1}", VideoGrant.join("room 1"), null);
        String claims = new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8);
        assertTrue(claims.contains("\"video\":{\"roomJoin\":true,\"room\":\"room 1\",\"canPublish\":true,\"canSubscribe\":true,\"canPublishData\":true}"), claims);
        assertTrue(claims.contains("\"iss\":\"devkey\",\"sub\":\"alice\""), claims);
        assertTrue(claims.contains("\"nbf\":1700000000,\"exp\":1700000600"), claims);
        AccessClaims c = tokens.verify(jwt);
        assertEquals(new AccessClaims("devkey", "alice", "Alice", "{\"a\":1}", 1_700_000_000L, 1_700_000_600L, VideoGrant.join("room 1")), c);
        assertTrue(c.video().permission().canPublish());
    }

    @Test
    void wrongSecretOtherKeyExpiredAndUnsignedTokensAreRefused() throws Exception {
        TokenAuthority tokens = new TokenAuthority(config("devkey", "secret-one-secret-one-secret-one"), tmp.resolve("k"), now::get);
        TokenAuthority other = new TokenAuthority(config("devkey", "secret-two-secret-two-secret-two"), tmp.resolve("k"), now::get);
        TokenAuthority otherKey = new TokenAuthority(config("key2", "secret-one-secret-one-secret-one"), tmp.resolve("k"), now::get);
        String grant = other.mint("a", null, null, VideoGrant.join("r"), null);
        assertEquals("the signature does not match the API secret", assertThrows(InvalidTokenException.class, () -> tokens.verify(grant)).getMessage());
        String foreign = otherKey.mint("a", null, null, VideoGrant.join("r"), null);
        assertEquals("the token is issued for another API key", assertThrows(InvalidTokenException.class, () -> tokens.verify(foreign)).getMessage());
        String shortLived = tokens.mint("a", null, null, VideoGrant.join("r"), Duration.ofSeconds(10));
        now.addAndGet(10 + TokenAuthority.LEEWAY_SECONDS + 1);
        assertEquals("the token expired", assertThrows(InvalidTokenException.class, () -> tokens.verify(shortLived)).getMessage());
        String[] parts = tokens.mint("a", null, null, VideoGrant.join("r"), null).split("\\.");
        String none = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes()) + "." + parts[1] + ".";
        assertTrue(assertThrows(InvalidTokenException.class, () -> tokens.verify(none)).getMessage().contains("not HS256"));
        assertThrows(InvalidTokenException.class, () -> tokens.verify("garbage"));
    }

    @Test
    void withoutAConfiguredKeyOneIsGeneratedOnceIntoAnOwnerOnlyFile() throws Exception {
        Path file = tmp.resolve("data/rooms/api-key.properties");
        TokenAuthority first = new TokenAuthority(config("", ""), file, now::get);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertTrue(first.apiKey().matches("API[0-9A-Za-z]{12}"), first.apiKey());
        TokenAuthority second = new TokenAuthority(config("", ""), file, now::get);
        assertEquals(first.apiKey(), second.apiKey());
        String jwt = first.mint(null, null, null, new VideoGrant(true, true, false, false, false, false, null, null, null, null, false, false), null);
        AccessClaims c = second.verify(jwt);
        assertTrue(c.video().roomCreate() && c.video().roomList());
        assertNull(c.identity());
        assertThrows(IllegalArgumentException.class, () -> new TokenAuthority(config("key", ""), file, now::get));
    }
}

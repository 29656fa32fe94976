package gateway.rooms.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Compact JWS with HMAC-SHA256 (RFC 7515/7519), the only algorithm LiveKit's tokens use. */
final class Hs256Jwt {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();
    private static final byte[] HEADER = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.US_ASCII);

    private Hs256Jwt() {
    }

    static String sign(ObjectNode claims, byte[] secret) {
        try {
            String signingInput = B64.encodeToString(HEADER) + "." + B64.encodeToString(JSON.writeValueAsBytes(claims));
            return signingInput + "." + B64.encodeToString(mac(signingInput, secret));
        } catch (IOException e) {
            throw new IllegalStateException("claims cannot be written as JSON", e);
        }
    }

    /**
     * @return the verified claims
     * @throws Refused malformed, not HS256, or signed with another secret
     */
    static JsonNode verify(String jwt, byte[] secret) throws Refused {
        String[] parts = jwt.split("\\.", -1);
        if (parts.length != 3) throw new Refused("not a JWT (three base64url parts separated by dots)");
        JsonNode header = decode(parts[0], "header");
        if (!"HS256".equals(header.path("alg").asText())) {
            throw new Refused("the token is signed with '" + header.path("alg").asText() + "', not HS256");
        }
        byte[] signature;
        try {
            signature = B64D.decode(parts[2]);
        } catch (IllegalArgumentException e) {
            throw new Refused("the signature is not base64url");
        }
        if (!MessageDigest.isEqual(signature, mac(parts[0] + "." + parts[1], secret))) {
            throw new Refused("the signature does not match the API secret");
        }
        JsonNode claims = decode(parts[1], "claims");
        if (!claims.isObject()) throw new Refused("the claims are not a JSON object");
        return claims;
    }

    private static JsonNode decode(String part, String what) throws Refused {
        try {
            return JSON.readTree(B64D.decode(part));
        } catch (IllegalArgumentException | IOException e) {
            throw new Refused("the " + what + " is not base64url JSON");
        }
    }

    private static byte[] mac(String signingInput, byte[] secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** Why a token was refused. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }
}

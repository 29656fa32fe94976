package gateway.api.rooms;

import java.time.Duration;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Mints and verifies LiveKit access tokens with the gateway's API key and secret. The secret never leaves the
 * service. Tokens other code minted with LiveKit's SDKs from the same key and secret verify here.
 *
 * <p><b>Threading.</b> Thread-safe.
 */
@ProviderType
public interface AccessTokens {

    /** @return the API key: the {@code iss} of the tokens this service mints and accepts */
    String apiKey();

    /**
     * Mints a token valid from now.
     *
     * @param identity the participant's identity ({@code sub}); null for a server token
     * @param name     the display name; null = none
     * @param metadata the participant's metadata; null = none
     * @param grant    what the bearer may do
     * @param ttl      how long it is valid; null = the configured default
     * @return the JWT
     */
    String mint(String identity, String name, String metadata, VideoGrant grant, Duration ttl);

    /**
     * Signs a webhook body as LiveKit does: a short-lived token whose {@code sha256} claim is the base64 SHA-256 of
     * the body, for the {@code Authorization} header.
     *
     * @param body the exact bytes sent
     * @return the JWT
     */
    String signBody(byte[] body);

    /**
     * Verifies a token: HS256 signature by this service's secret, {@code iss} = its key, and the time window.
     *
     * @param jwt the token, without {@code Bearer }
     * @return its claims
     * @throws InvalidTokenException malformed, another algorithm, another key or secret, expired or not yet valid
     */
    AccessClaims verify(String jwt) throws InvalidTokenException;
}

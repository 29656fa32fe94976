package gateway.api.rooms;

/**
 * The claims of a LiveKit access token (a JWT signed with HS256 by an API secret).
 *
 * @param apiKey     the API key that signed it ({@code iss})
 * @param identity   the participant's identity ({@code sub}); null for a server token without one
 * @param name       the display name ({@code name}); null = none
 * @param metadata   the participant's metadata ({@code metadata}); null = none
 * @param notBefore  valid from, seconds since the epoch ({@code nbf}); 0 = at once
 * @param expires    valid until, seconds since the epoch ({@code exp})
 * @param video      what the bearer may do ({@code video}); never null
 */
public record AccessClaims(String apiKey, String identity, String name, String metadata, long notBefore, long expires, VideoGrant video) {
}

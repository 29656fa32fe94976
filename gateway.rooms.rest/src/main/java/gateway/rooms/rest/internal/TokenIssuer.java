package gateway.rooms.rest.internal;

import com.fasterxml.jackson.databind.JsonNode;
import gateway.api.rooms.AccessTokens;
import gateway.api.rooms.VideoGrant;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Mints participant tokens for {@code POST /token}. Its {@value #PUBLIC} service property (from the configuration)
 * selects which resource serves {@code /token}: {@link PublicTokenResource} (the tutorial's behaviour) or
 * {@link ManagedTokenResource}.
 */
@Component(service = TokenIssuer.class, configurationPid = TokenIssuer.PID, property = TokenIssuer.PUBLIC + ":Boolean=true")
@Designate(ocd = TokenIssuer.Config.class)
public final class TokenIssuer {
    static final String PID = "gateway.rooms.rest";
    static final String PUBLIC = "publicToken";

    /** Settings of the rooms' REST API. */
    @ObjectClassDefinition(name = "Gateway rooms: REST", description = "The rooms' REST API (the tutorial's /token and /rooms).")
    public @interface Config {
        @AttributeDefinition(description = "POST /token answers without the management token, as the tutorial's server does; "
                + "false = it requires the management token.")
        boolean publicToken() default true;
    }

    private final AccessTokens tokens;

    @Activate
    public TokenIssuer(@Reference AccessTokens tokens) {
        this.tokens = tokens;
    }

    /** @return the token for the body's room and participant */
    String issue(JsonNode body) {
        String room = JsonBody.text(body, "roomName");
        String identity = JsonBody.text(body, "participantName", "participantIdentity");
        if (room == null || room.isBlank() || identity == null || identity.isBlank()) {
            throw TutorialError.badRequest("'roomName' and 'participantName' are required");
        }
        return tokens.mint(identity, identity, JsonBody.text(body, "metadata"), VideoGrant.join(room), null);
    }
}

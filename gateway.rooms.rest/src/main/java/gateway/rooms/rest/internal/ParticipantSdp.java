package gateway.rooms.rest.internal;

import gateway.api.http.ProblemException;
import gateway.api.rooms.AccessClaims;
import gateway.api.rooms.AccessTokens;
import gateway.api.rooms.InvalidTokenException;
import gateway.api.rooms.RoomSessions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import javax.ws.rs.core.Response;

/**
 * What the rooms' WHIP and WHEP endpoints share: the participant's token as bearer token, the SDP offer in, the
 * answer out as 201 with the session's {@code Location}.
 */
final class ParticipantSdp {
    static final String SDP = "application/sdp";
    static final int MAX_OFFER = 64 * 1024;

    private ParticipantSdp() {
    }

    /** The participant's token from {@code Authorization: Bearer}; 401 when it is missing or does not verify. */
    static AccessClaims authenticate(AccessTokens tokens, String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new ProblemException(401, "Unauthorized", "'Authorization: Bearer <participant access token>' is required");
        }
        try {
            return tokens.verify(authorization.substring(7).trim());
        } catch (InvalidTokenException e) {
            throw new ProblemException(401, "Unauthorized", "invalid token: " + e.getMessage());
        }
    }

    /** @return the offer; 415 unless it comes as {@code application/sdp}, 413 above {@value #MAX_OFFER} bytes */
    static String offer(String contentType, InputStream body) {
        if (contentType == null || !contentType.toLowerCase().startsWith(SDP)) {
            throw new ProblemException(415, "Unsupported media type", "POST an SDP offer with Content-Type " + SDP);
        }
        try {
            byte[] b = body.readNBytes(MAX_OFFER + 1);
            if (b.length > MAX_OFFER) throw new ProblemException(413, "Content Too Large", "the offer is larger than " + MAX_OFFER + " bytes");
            return new String(b, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw ProblemException.badRequest("the offer cannot be read");
        }
    }

    /** @return 201 with the session's answer, at {@code location} */
    static Response created(RoomSessions.Session session, String location) {
        return Response.status(201).type(SDP).entity(session.answer().getBytes(StandardCharsets.UTF_8))
                .header("Location", location)
                .header("Cache-Control", "no-store").build();
    }
}

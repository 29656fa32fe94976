package gateway.rooms.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import gateway.api.rooms.ParticipantInfo;
import gateway.api.rooms.ParticipantPermission;
import gateway.api.rooms.RoomEvent;
import gateway.api.rooms.RoomInfo;
import gateway.api.rooms.TrackInfo;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LiveKitJsonTest {
    private static final RoomInfo ROOM = new RoomInfo("RM_abcdefghijkl", "r", 300, 20, 0, 1_700_000_000_123L, "", 1, 1);
    private static final TrackInfo TRACK = new TrackInfo("TR_abcdefghijkl", "microphone", "audio/opus", true, "s1");
    private static final ParticipantInfo ALICE = new ParticipantInfo("PA_abcdefghijkl", "alice", "Alice", "m", ParticipantInfo.State.ACTIVE,
            1_700_000_001_999L, ParticipantPermission.DEFAULT, List.of(TRACK), Set.of());

    @Test
    void messagesAreCanonicalProto3JsonWithDefaultsPresent() throws Exception {
        JsonNode room = LiveKitJson.room(ROOM);
        assertEquals("1700000000", room.path("creationTime").textValue(), "int64 as a string, seconds");
        assertEquals("1700000000123", room.path("creationTimeMs").textValue());
        assertEquals(0, room.path("maxParticipants").intValue(), "a default value is present");
        assertEquals("", room.path("metadata").textValue());
        JsonNode p = LiveKitJson.participant(ALICE);
        assertEquals("ACTIVE", p.path("state").textValue(), "enums by name");
        assertEquals("1700000001", p.path("joinedAt").textValue());
        assertEquals("STANDARD", p.path("kind").textValue());
        assertEquals(true, p.path("isPublisher").booleanValue());
        assertEquals(true, p.path("permission").path("canPublishData").booleanValue());
        JsonNode t = p.path("tracks").get(0);
        assertEquals("AUDIO", t.path("type").textValue());
        assertEquals("MICROPHONE", t.path("source").textValue());
        assertEquals(true, t.path("muted").booleanValue());
        assertEquals("s1", t.path("stream").textValue());
    }

    @Test
    void aWebhookIsLiveKitsWebhookEvent() throws Exception {
        JsonNode hook = LiveKitJson.JSON.readTree(WebhookSender.body(new RoomEvent(RoomEvent.TRACK_PUBLISHED, ROOM, ALICE, TRACK), 1_700_000_002L));
        assertEquals("track_published", hook.path("event").textValue());
        assertEquals("r", hook.path("room").path("name").textValue());
        assertEquals("alice", hook.path("participant").path("identity").textValue());
        assertEquals("TR_abcdefghijkl", hook.path("track").path("sid").textValue());
        assertEquals("1700000002", hook.path("createdAt").textValue());
        assertEquals(15, hook.path("id").textValue().length());
    }

    @Test
    void requestFieldsInEitherSpellingAndTheirErrors() throws Exception {
        JsonNode req = LiveKitJson.JSON.readTree("{\"room\":\"r\",\"empty_timeout\":\"30\",\"maxParticipants\":5,\"track_sids\":[\"a\",\"b\"],"
                + "\"data\":\"aGk-\",\"permission\":{\"can_publish\":true}}");
        assertEquals(30, TwirpRequests.uint32(req, "emptyTimeout", "empty_timeout"));
        assertEquals(5, TwirpRequests.uint32(req, "maxParticipants", "max_participants"));
        assertEquals(0, TwirpRequests.uint32(req, "departureTimeout", "departure_timeout"));
        assertEquals(List.of("a", "b"), TwirpRequests.strings(req, "trackSids", "track_sids"));
        assertEquals("hi>", new String(TwirpRequests.bytes(req, "data")));
        assertEquals(new ParticipantPermission(false, true, false, false, false), TwirpRequests.permission(req.path("permission")));
        JsonNode bad = LiveKitJson.JSON.readTree("{\"emptyTimeout\":-1,\"trackSids\":\"x\",\"data\":\"***\"}");
        assertEquals(400, assertThrows(TwirpError.class, () -> TwirpRequests.uint32(bad, "emptyTimeout")).getResponse().getStatus());
        assertThrows(TwirpError.class, () -> TwirpRequests.strings(bad, "trackSids"));
        assertThrows(TwirpError.class, () -> TwirpRequests.bytes(bad, "data"));
        assertEquals("{\"code\":\"invalid_argument\",\"msg\":\"identity is required\"}",
                assertThrows(TwirpError.class, () -> TwirpRequests.identity(bad)).getResponse().getEntity());
    }
}

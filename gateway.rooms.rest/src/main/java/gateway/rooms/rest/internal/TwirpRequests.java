package gateway.rooms.rest.internal;

import com.fasterxml.jackson.databind.JsonNode;
import gateway.api.rooms.ParticipantPermission;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** Fields of LiveKit's request messages in proto3 JSON, which names each field in lowerCamelCase or as in the proto. */
final class TwirpRequests {
    private TwirpRequests() {
    }

    static String room(JsonNode req) {
        String room = JsonBody.text(req, "room");
        if (room == null || room.isEmpty()) throw TwirpError.invalidArgument("room is required");
        return room;
    }

    static String identity(JsonNode req) {
        String identity = JsonBody.text(req, "identity");
        if (identity == null || identity.isEmpty()) throw TwirpError.invalidArgument("identity is required");
        return identity;
    }

    /** A uint32 field: a number or a decimal string; absent = 0. */
    static int uint32(JsonNode req, String... names) {
        JsonNode f = JsonBody.field(req, names);
        if (f == null) return 0;
        try {
            long v = f.isNumber() ? f.asLong() : Long.parseLong(f.asText());
            if (v < 0 || v > 0xFFFF_FFFFL || (f.isNumber() && !f.canConvertToExactIntegral())) throw new NumberFormatException();
            return (int) Math.min(v, Integer.MAX_VALUE);
        } catch (NumberFormatException e) {
            throw TwirpError.invalidArgument(names[0] + " must be an unsigned 32-bit integer");
        }
    }

    static List<String> strings(JsonNode req, String... names) {
        JsonNode f = JsonBody.field(req, names);
        List<String> list = new ArrayList<>();
        if (f == null) return list;
        if (!f.isArray()) throw TwirpError.invalidArgument(names[0] + " must be an array");
        f.forEach(s -> list.add(s.asText()));
        return list;
    }

    /** A bytes field: standard or URL-safe base64, with or without padding. */
    static byte[] bytes(JsonNode req, String... names) {
        String text = JsonBody.text(req, names);
        if (text == null) return new byte[0];
        try {
            return Base64.getDecoder().decode(text.replace('-', '+').replace('_', '/'));
        } catch (IllegalArgumentException e) {
            throw TwirpError.invalidArgument(names[0] + " must be base64");
        }
    }

    /** LiveKit's {@code ParticipantPermission}: an absent boolean is false, as in proto3. */
    static ParticipantPermission permission(JsonNode p) {
        return new ParticipantPermission(bool(p, "canSubscribe", "can_subscribe"), bool(p, "canPublish", "can_publish"),
                bool(p, "canPublishData", "can_publish_data"), bool(p, "canUpdateMetadata", "can_update_metadata"), bool(p, "hidden"));
    }

    private static boolean bool(JsonNode n, String... names) {
        JsonNode f = JsonBody.field(n, names);
        return f != null && f.asBoolean();
    }
}

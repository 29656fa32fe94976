package gateway.rooms.rest.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gateway.api.rooms.ParticipantInfo;
import gateway.api.rooms.ParticipantPermission;
import gateway.api.rooms.RoomInfo;
import gateway.api.rooms.TrackInfo;

/**
 * LiveKit's protobuf messages ({@code Room}, {@code ParticipantInfo}, {@code TrackInfo}) in proto3's canonical JSON
 * as {@code livekit-server-sdk} serialises them for its callers: lowerCamelCase names, 64-bit integers as strings,
 * enums by name, and every field present, defaults included (what {@code JSON.stringify} of its messages gives).
 */
final class LiveKitJson {
    static final ObjectMapper JSON = new ObjectMapper();

    private LiveKitJson() {
    }

    static ObjectNode room(RoomInfo r) {
        ObjectNode n = JSON.createObjectNode();
        n.put("sid", r.sid());
        n.put("name", r.name());
        n.put("emptyTimeout", r.emptyTimeoutSeconds());
        n.put("departureTimeout", r.departureTimeoutSeconds());
        n.put("maxParticipants", r.maxParticipants());
        n.put("creationTime", Long.toString(r.creationTimeMs() / 1000));
        n.put("creationTimeMs", Long.toString(r.creationTimeMs()));
        n.put("turnPassword", "");
        n.putArray("enabledCodecs").addObject().put("mime", "audio/opus").put("fmtpLine", "");
        n.put("metadata", r.metadata());
        n.put("numParticipants", r.numParticipants());
        n.put("numPublishers", r.numPublishers());
        n.put("activeRecording", false);
        return n;
    }

    static ObjectNode participant(ParticipantInfo p) {
        ObjectNode n = JSON.createObjectNode();
        n.put("sid", p.sid());
        n.put("identity", p.identity());
        n.put("state", p.state().name());
        ArrayNode tracks = n.putArray("tracks");
        for (TrackInfo t : p.tracks()) tracks.add(track(t));
        n.put("metadata", p.metadata());
        n.put("joinedAt", Long.toString(p.joinedAtMs() / 1000));
        n.put("joinedAtMs", Long.toString(p.joinedAtMs()));
        n.put("name", p.name());
        n.put("version", 0);
        n.set("permission", permission(p.permission()));
        n.put("region", "");
        n.put("isPublisher", !p.tracks().isEmpty());
        n.put("kind", p.kind().name());
        n.putObject("attributes");
        n.put("disconnectReason", "UNKNOWN_REASON");
        return n;
    }

    static ObjectNode permission(ParticipantPermission p) {
        ObjectNode n = JSON.createObjectNode();
        n.put("canSubscribe", p.canSubscribe());
        n.put("canPublish", p.canPublish());
        n.put("canPublishData", p.canPublishData());
        n.putArray("canPublishSources");
        n.put("hidden", p.hidden());
        n.put("recorder", false);
        n.put("canUpdateMetadata", p.canUpdateMetadata());
        n.put("agent", false);
        n.put("canSubscribeMetrics", false);
        return n;
    }

    static ObjectNode track(TrackInfo t) {
        ObjectNode n = JSON.createObjectNode();
        n.put("sid", t.sid());
        n.put("type", "AUDIO");
        n.put("name", t.name());
        n.put("muted", t.muted());
        n.put("width", 0);
        n.put("height", 0);
        n.put("simulcast", false);
        n.put("disableDtx", false);
        n.put("source", "MICROPHONE");
        n.putArray("layers");
        n.put("mimeType", t.mimeType());
        n.put("mid", "");
        n.putArray("codecs");
        n.put("stereo", false);
        n.put("disableRed", true);
        n.put("encryption", "NONE");
        n.put("stream", t.stream() == null ? "" : t.stream());
        return n;
    }
}

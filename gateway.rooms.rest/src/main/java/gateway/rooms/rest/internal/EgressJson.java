package gateway.rooms.rest.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gateway.api.rooms.EgressEvent;
import gateway.api.rooms.EgressInfo;
import gateway.api.rooms.EgressRequest;

/**
 * LiveKit's {@code EgressInfo} in proto3 JSON as {@code livekit-server-sdk} returns it (times in nanoseconds as
 * strings, enums by name). The request is shown under its kind ({@code roomComposite}, {@code participant},
 * {@code trackComposite}, {@code track}) with its outputs: {@code fileOutputs} of type {@code OGG} for a recording,
 * {@code streamOutputs} of protocol {@code SRT} (passphrases masked). Each recording is a {@code fileResults} entry
 * whose {@code filename} is the recording's id and {@code location} its audio on {@code /recordings}; the egress's
 * own live stream is {@code liveStream}.
 */
final class EgressJson {
    private EgressJson() {
    }

    static ObjectNode egress(EgressInfo e) {
        ObjectNode n = LiveKitJson.JSON.createObjectNode();
        EgressRequest r = e.request();
        n.put("egressId", e.egressId());
        n.put("roomId", e.roomSid());
        n.put("roomName", r.room());
        n.put("sourceType", "EGRESS_SOURCE_TYPE_SDK");
        n.put("status", e.status().name());
        n.put("startedAt", nanos(e.startedAtMs()));
        n.put("endedAt", nanos(e.endedAtMs()));
        n.put("updatedAt", nanos(e.updatedAtMs()));
        n.put("details", e.details() == null ? "" : e.details());
        n.put("error", e.error() == null ? "" : e.error());
        n.put("errorCode", 0);
        ObjectNode req = LiveKitJson.JSON.createObjectNode();
        req.put("roomName", r.room());
        switch (r.kind()) {
            case ROOM_COMPOSITE -> {
                req.put("layout", "");
                req.put("audioOnly", true);
                req.put("videoOnly", false);
                n.set("roomComposite", req);
            }
            case PARTICIPANT -> {
                req.put("identity", r.participant());
                req.put("screenShare", false);
                n.set("participant", req);
            }
            case TRACK_COMPOSITE -> {
                req.put("audioTrackId", r.track());
                req.put("videoTrackId", "");
                n.set("trackComposite", req);
            }
            case TRACK -> {
                req.put("trackId", r.track());
                n.set("track", req);
            }
        }
        if (r.streams()) {
            ObjectNode so = req.putArray("streamOutputs").addObject();
            so.put("protocol", "SRT");
            ArrayNode urls = so.putArray("urls");
            e.streams().stream().filter(s -> "ACTIVE".equals(s.status())).forEach(s -> urls.add(s.url()));
        } else if (r.kind() == EgressRequest.Kind.TRACK) {
            req.putObject("file").put("filepath", "");
        } else {
            req.putArray("fileOutputs").addObject().put("fileType", "OGG").put("filepath", "");
        }
        ArrayNode streams = n.putArray("streamResults");
        for (EgressInfo.StreamOutput s : e.streams()) {
            ObjectNode o = streams.addObject();
            o.put("url", s.url());
            o.put("startedAt", nanos(s.startedAtMs()));
            o.put("endedAt", nanos(s.endedAtMs()));
            o.put("duration", s.endedAtMs() == 0 ? "0" : nanos(s.endedAtMs() - s.startedAtMs()));
            o.put("status", s.status());
            o.put("error", s.error() == null ? "" : s.error());
        }
        ArrayNode files = n.putArray("fileResults");
        for (EgressInfo.File f : e.files()) {
            ObjectNode o = files.addObject();
            o.put("filename", f.recording());
            o.put("startedAt", nanos(f.startedAtMs()));
            o.put("endedAt", nanos(f.endedAtMs()));
            o.put("duration", nanos(f.durationMillis()));
            o.put("size", Long.toString(f.size()));
            o.put("location", "/recordings/" + f.recording() + "/audio");
            o.put("state", f.state());
        }
        n.putArray("segmentResults");
        n.putArray("imageResults");
        n.put("manifestLocation", "");
        n.put("backupStorageUsed", false);
        n.put("liveStream", e.stream() == null ? "" : e.stream());
        return n;
    }

    /** LiveKit's {@code WebhookEvent} of an egress event. */
    static String webhook(EgressEvent event, String id, long createdAtSeconds) {
        ObjectNode n = LiveKitJson.JSON.createObjectNode();
        n.put("event", event.type());
        n.set("egressInfo", egress(event.egress()));
        n.put("id", id);
        n.put("createdAt", Long.toString(createdAtSeconds));
        return n.toString();
    }

    private static String nanos(long millis) {
        return Long.toString(millis * 1_000_000L);
    }
}

package gateway.rooms.rest.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gateway.api.rooms.IngressException;
import gateway.api.rooms.IngressInfo;
import gateway.api.rooms.IngressInput;
import gateway.api.rooms.IngressState;
import gateway.api.rooms.TrackInfo;
import java.util.List;

/**
 * LiveKit's {@code IngressInfo} in proto3 JSON as {@code livekit-server-sdk} returns it (lowerCamelCase, int64 as
 * strings, enums by name, defaults present), and the errors of ingress calls in the tutorial's and Twirp's shapes.
 */
final class IngressJson {
    /**
     * {@code SRT_INPUT}'s number: the one LiveKit's protocol reserves for it ({@code livekit_ingress.proto} lists
     * {@code FILE_INPUT = 3} and {@code SRT_INPUT = 4} as commented-out values), so that the gateway and a LiveKit SDK
     * that names it one day agree. To today's SDK, whose enum does not name it, it goes as its number.
     */
    static final int SRT_INPUT_NUMBER = 4;

    private IngressJson() {
    }

    /**
     * @param i         the ingress
     * @param srtNumber true to write {@code SRT_INPUT} as its number (for LiveKit's SDK)
     */
    static ObjectNode ingress(IngressInfo i, boolean srtNumber) {
        ObjectNode n = LiveKitJson.JSON.createObjectNode();
        n.put("ingressId", i.ingressId());
        n.put("name", i.name());
        n.put("streamKey", i.streamKey());
        n.put("url", i.url());
        if (srtNumber && i.input() == IngressInput.SRT_INPUT) n.put("inputType", SRT_INPUT_NUMBER);
        else n.put("inputType", i.input().name());
        n.put("bypassTranscoding", false);
        n.put("enableTranscoding", false);
        n.putObject("audio").put("name", "").put("source", "MICROPHONE");
        n.putObject("video").put("name", "").put("source", "UNKNOWN");
        n.put("roomName", i.room());
        n.put("participantIdentity", i.identity());
        n.put("participantName", i.participantName());
        n.put("participantMetadata", i.participantMetadata());
        n.put("reusable", i.reusable());
        n.set("state", state(i.state()));
        n.put("enabled", i.enabled());
        return n;
    }

    private static ObjectNode state(IngressState s) {
        ObjectNode n = LiveKitJson.JSON.createObjectNode();
        n.put("status", s.status().name());
        n.put("error", s.error());
        if (!s.tracks().isEmpty() || s.status().name().equals("ENDPOINT_PUBLISHING")) {
            n.putObject("audio").put("mimeType", "audio/opus").put("averageBitrate", 0).put("channels", 0).put("sampleRate", 48000);
        }
        n.put("roomId", s.roomSid());
        n.put("startedAt", Long.toString(s.startedAtMs() * 1_000_000L));
        n.put("endedAt", Long.toString(s.endedAtMs() * 1_000_000L));
        n.put("updatedAt", Long.toString(s.updatedAtMs() * 1_000_000L));
        n.put("resourceId", s.resourceId());
        ArrayNode tracks = n.putArray("tracks");
        for (TrackInfo t : s.tracks()) tracks.add(LiveKitJson.track(t));
        return n;
    }

    static ArrayNode list(List<IngressInfo> list, boolean srtNumber) {
        ArrayNode a = LiveKitJson.JSON.createArrayNode();
        for (IngressInfo i : list) a.add(ingress(i, srtNumber));
        return a;
    }

    /** @return the input named by a request: an enum name or number, absent = RTMP (proto3's default) */
    static IngressInput input(JsonNode f) {
        if (f == null) return IngressInput.RTMP_INPUT;
        if (f.isIntegralNumber() || f.asText().matches("\\d+")) {
            int n = f.asInt();
            if (n == SRT_INPUT_NUMBER) return IngressInput.SRT_INPUT;
            if (n >= 0 && n < 3) return IngressInput.values()[n]; // 3 is LiveKit's reserved FILE_INPUT: not served
            return null;
        }
        try {
            return IngressInput.valueOf(f.asText());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static TutorialError tutorial(IngressException e) {
        return new TutorialError(switch (e.reason()) {
            case NOT_FOUND -> 404;
            case INVALID_ARGUMENT, UNSUPPORTED -> 400;
            case TOO_MANY -> 503;
        }, e.getMessage());
    }

    static TwirpError twirp(IngressException e) {
        return switch (e.reason()) {
            case NOT_FOUND -> new TwirpError(404, "not_found", e.getMessage());
            case INVALID_ARGUMENT -> TwirpError.invalidArgument(e.getMessage());
            case UNSUPPORTED -> new TwirpError(501, "unimplemented", e.getMessage());
            case TOO_MANY -> new TwirpError(429, "resource_exhausted", e.getMessage());
        };
    }
}

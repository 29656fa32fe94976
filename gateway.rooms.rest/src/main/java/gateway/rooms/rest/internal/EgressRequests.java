package gateway.rooms.rest.internal;

import com.fasterxml.jackson.databind.JsonNode;
import gateway.api.rooms.EgressException;
import java.util.ArrayList;
import java.util.List;

/**
 * The output options of LiveKit's egress requests, checked against what the gateway records: audio as Ogg/Opus
 * and {@code srt://} streams. What needs video, a browser or another container is refused here with a message
 * naming what works.
 */
final class EgressRequests {
    static final String WHAT_WORKS = "the gateway records audio only, as Ogg/Opus: room-composite (the room's mix), participant, "
            + "track-composite (its audio track) and track egress to recordings, and the room's mix to srt:// URLs";

    private EgressRequests() {
    }

    /**
     * @param req a request message
     * @return the SRT URLs of its stream outputs ({@code streamOutputs[].urls}, legacy {@code stream.urls}); empty = a recording
     * @throws EgressException NOT_SUPPORTED for video, layouts, MP4/MP3 files, segments, images and RTMP
     */
    static List<String> outputs(JsonNode req) {
        if (req.path("videoOnly").asBoolean(false) || req.path("video_only").asBoolean(false)) {
            throw unsupported("videoOnly: video is not supported");
        }
        String layout = JsonBody.text(req, "layout");
        if (layout != null && !layout.isEmpty()) throw unsupported("layout '" + layout + "' arranges video; layouts are not supported");
        if (has(req, "segmentOutputs", "segment_outputs", "segments")) throw unsupported("segmented (HLS) outputs are not supported");
        if (has(req, "imageOutputs", "image_outputs", "images")) throw unsupported("image outputs need video and are not supported");
        if (has(req, "websocketUrl", "websocket_url")) throw unsupported("WebSocket track outputs are not supported");
        List<JsonNode> files = new ArrayList<>();
        JsonNode fo = JsonBody.field(req, "fileOutputs", "file_outputs");
        if (fo != null) fo.forEach(files::add);
        JsonNode legacy = JsonBody.field(req, "file");
        if (legacy != null) files.add(legacy);
        for (JsonNode f : files) {
            String type = JsonBody.text(f, "fileType", "file_type");
            if (type != null && !type.equals("DEFAULT_FILETYPE") && !type.equals("OGG") && !type.equals("0") && !type.equals("2")) {
                throw unsupported("file type " + type + " is not supported (MP4 and MP3 need other encoders); use OGG or leave it out");
            }
        }
        // the SDK sends an output both in the legacy field and in the list: each URL once
        java.util.Set<String> urls = new java.util.LinkedHashSet<>();
        List<JsonNode> streams = new ArrayList<>();
        JsonNode so = JsonBody.field(req, "streamOutputs", "stream_outputs");
        if (so != null) so.forEach(streams::add);
        JsonNode legacyStream = JsonBody.field(req, "stream");
        if (legacyStream != null) streams.add(legacyStream);
        for (JsonNode s : streams) {
            String protocol = JsonBody.text(s, "protocol");
            if (protocol != null && !protocol.equals("SRT") && !protocol.equals("DEFAULT_PROTOCOL") && !protocol.equals("2") && !protocol.equals("0")) {
                throw unsupported("stream protocol " + protocol + " is not supported; use SRT (srt:// URLs)");
            }
            JsonNode u = s.get("urls");
            if (u != null) u.forEach(x -> urls.add(x.asText()));
        }
        if (!files.isEmpty() && !urls.isEmpty()) throw unsupported("an egress either records or streams here, not both; start two egresses");
        return List.copyOf(urls);
    }

    private static boolean has(JsonNode req, String... names) {
        JsonNode f = JsonBody.field(req, names);
        return f != null && !(f.isArray() && f.isEmpty());
    }

    static EgressException unsupported(String what) {
        return new EgressException(EgressException.Reason.NOT_SUPPORTED, what + "; " + WHAT_WORKS);
    }
}

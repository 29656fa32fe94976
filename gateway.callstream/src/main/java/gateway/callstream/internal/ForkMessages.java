package gateway.callstream.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON text frames a fork sends, exactly as Plivo's platform sends them: {@code start}, {@code media},
 * {@code playedStream}, {@code clearedAudio}. The media frame, sent 50 times a second per track, is assembled
 * from a prefix and suffix escaped once per fork; its variable parts (numbers, a track name, base64) need no
 * escaping.
 */
final class ForkMessages {
    static final ObjectMapper JSON = new ObjectMapper();
    /** The {@code event} values the gateway sends. */
    static final String START = "start", MEDIA = "media", PLAYED_STREAM = "playedStream", CLEARED_AUDIO = "clearedAudio";

    private final String streamId;
    private final String extraHeaders;
    private final String mediaPrefix;
    private final String mediaSuffix;

    ForkMessages(String streamId, String extraHeaders) {
        this.streamId = streamId;
        this.extraHeaders = extraHeaders;
        this.mediaPrefix = ",\"streamId\":" + quote(streamId) + ",\"media\":{\"track\":\"";
        this.mediaSuffix = "}" + (extraHeaders == null ? "" : ",\"extra_headers\":" + quote(extraHeaders)) + "}";
    }

    String start(long sequence, String callId, String accountId, Track track, MediaFormat format) {
        Map<String, Object> start = new LinkedHashMap<>();
        start.put("callId", callId);
        start.put("streamId", streamId);
        start.put("accountId", accountId);
        start.put("tracks", track.tracks());
        start.put("mediaFormat", Map.of("encoding", format.encoding(), "sampleRate", format.sampleRate()));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("event", START);
        m.put("sequenceNumber", sequence);
        m.put("start", start);
        if (extraHeaders != null) m.put("extra_headers", extraHeaders);
        return write(m);
    }

    String media(long sequence, Track track, long timestampMillis, long chunk, String payload) {
        return new StringBuilder(payload.length() + mediaPrefix.length() + mediaSuffix.length() + 96)
                .append("{\"event\":\"" + MEDIA + "\",\"sequenceNumber\":").append(sequence)
                .append(mediaPrefix).append(track.wire())
                .append("\",\"timestamp\":\"").append(timestampMillis)
                .append("\",\"chunk\":").append(chunk)
                .append(",\"payload\":\"").append(payload).append('"')
                .append(mediaSuffix).toString();
    }

    String playedStream(long sequence, String name) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("event", PLAYED_STREAM);
        m.put("sequenceNumber", sequence);
        m.put("streamId", streamId);
        m.put("name", name);
        return write(m);
    }

    String clearedAudio(long sequence) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("event", CLEARED_AUDIO);
        m.put("sequenceNumber", sequence);
        m.put("streamId", streamId);
        return write(m);
    }

    private static String quote(String s) {
        return write(s);
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a message: " + e.getOriginalMessage(), e);
        }
    }
}

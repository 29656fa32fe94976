package gateway.callstream.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
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
    private static final byte[] MEDIA_START = bytes("{\"event\":\"" + MEDIA + "\",\"sequenceNumber\":");
    private static final byte[] TIMESTAMP = bytes("\",\"timestamp\":\"");
    private static final byte[] CHUNK = bytes("\",\"chunk\":");
    private static final byte[] PAYLOAD = bytes(",\"payload\":\"");
    private final byte[] mediaPrefix;
    private final byte[] mediaSuffix;
    private final byte[][] tracks = new byte[Track.values().length][];

    ForkMessages(String streamId, String extraHeaders) {
        this.streamId = streamId;
        this.extraHeaders = extraHeaders;
        // escaped once per stream; JSON escaping leaves ASCII, and \\uXXXX for the rest
        this.mediaPrefix = asciiBytes(",\"streamId\":" + quote(streamId) + ",\"media\":{\"track\":\"");
        this.mediaSuffix = asciiBytes("\"}" + (extraHeaders == null ? "" : ",\"extra_headers\":" + quote(extraHeaders)) + "}");
        for (Track t : Track.values()) tracks[t.ordinal()] = bytes(t.wire());
    }

    MessageText start(long sequence, String callId, String accountId, Track track, MediaFormat format) {
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
        return ascii(write(m));
    }

    /**
     * A media message, in one pass into an array of its exact size (the payload is shared, never written): sent 50
     * times a second per stream, it is neither trimmed nor copied afterwards.
     */
    MessageText media(long sequence, Track track, long timestampMillis, long chunk, byte[] payload) {
        byte[] trackName = tracks[track.ordinal()];
        return new MessageText(MEDIA_START.length + MessageText.digits(sequence) + mediaPrefix.length + trackName.length + TIMESTAMP.length
                + MessageText.digits(timestampMillis) + CHUNK.length + MessageText.digits(chunk) + PAYLOAD.length + payload.length + mediaSuffix.length)
                .append(MEDIA_START).append(sequence)
                .append(mediaPrefix).append(trackName)
                .append(TIMESTAMP).append(timestampMillis)
                .append(CHUNK).append(chunk)
                .append(PAYLOAD).append(payload)
                .append(mediaSuffix).done();
    }

    MessageText playedStream(long sequence, String name) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("event", PLAYED_STREAM);
        m.put("sequenceNumber", sequence);
        m.put("streamId", streamId);
        m.put("name", name);
        return ascii(write(m));
    }

    MessageText clearedAudio(long sequence) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("event", CLEARED_AUDIO);
        m.put("sequenceNumber", sequence);
        m.put("streamId", streamId);
        return ascii(write(m));
    }

    private static byte[] bytes(String ascii) {
        return ascii.getBytes(StandardCharsets.US_ASCII);
    }

    /** JSON with every character beyond ASCII escaped, as ASCII bytes. */
    private static byte[] asciiBytes(String json) {
        StringBuilder b = null;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (c < 0x80 && b == null) continue;
            if (b == null) b = new StringBuilder(json.length() + 16).append(json, 0, i);
            if (c < 0x80) b.append(c);
            else b.append(String.format("\\u%04x", (int) c));
        }
        return bytes(b == null ? json : b.toString());
    }

    private static MessageText ascii(String json) {
        return MessageText.of(asciiBytes(json));
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

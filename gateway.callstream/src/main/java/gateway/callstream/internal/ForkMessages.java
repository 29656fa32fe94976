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

    /** A media message as text of its own (the sender writes media straight into its frames: {@link #writeMedia}). */
    MessageText media(long sequence, Track track, long timestampMillis, long chunk, byte[] payload) {
        byte[] text = new byte[mediaLength(sequence, track, timestampMillis, chunk, payload.length)];
        writeMedia(text, 0, sequence, track, timestampMillis, chunk, payload);
        return MessageText.of(text);
    }

    /** @return the length in bytes of the media message {@link #writeMedia} writes with these values */
    int mediaLength(long sequence, Track track, long timestampMillis, long chunk, int payloadLength) {
        return MEDIA_START.length + MessageText.digits(sequence) + mediaPrefix.length + tracks[track.ordinal()].length + TIMESTAMP.length
                + MessageText.digits(timestampMillis) + CHUNK.length + MessageText.digits(chunk) + PAYLOAD.length + payloadLength + mediaSuffix.length;
    }

    /**
     * Writes a media message into {@code target} at {@code at}, in one pass (the payload, base64 shared by the
     * call's forks, is only read): sent 50 times a second per stream, it goes straight into the frame being
     * assembled, without an array of its own. Thread-safe (reads only what the constructor set).
     *
     * @return the position after it
     */
    int writeMedia(byte[] target, int at, long sequence, Track track, long timestampMillis, long chunk, byte[] payload) {
        int p = MessageText.put(target, at, MEDIA_START);
        p = MessageText.put(target, p, sequence);
        p = MessageText.put(target, p, mediaPrefix);
        p = MessageText.put(target, p, tracks[track.ordinal()]);
        p = MessageText.put(target, p, TIMESTAMP);
        p = MessageText.put(target, p, timestampMillis);
        p = MessageText.put(target, p, CHUNK);
        p = MessageText.put(target, p, chunk);
        p = MessageText.put(target, p, PAYLOAD);
        p = MessageText.put(target, p, payload);
        return MessageText.put(target, p, mediaSuffix);
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

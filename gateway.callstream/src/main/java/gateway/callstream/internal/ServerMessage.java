package gateway.callstream.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Base64;

/** A message the WebSocket service sends back on a bidirectional stream, parsed and checked. */
sealed interface ServerMessage {
    /** The {@code event} values a service may send. */
    String PLAY_AUDIO = "playAudio", CHECKPOINT = "checkpoint", CLEAR_AUDIO = "clearAudio";

    /** {@code playAudio}: audio to queue, as 16-bit samples at its own rate. */
    record PlayAudio(short[] samples, int sampleRate) implements ServerMessage {}

    /** {@code checkpoint}: answer with {@code playedStream} once everything queued before it has played. */
    record Checkpoint(String name) implements ServerMessage {}

    /** {@code clearAudio}: drop what is queued, answer {@code clearedAudio}. */
    record ClearAudio() implements ServerMessage {}

    /** A message the gateway cannot act on; the reason says why (reported, never fatal to the stream). */
    final class InvalidMessageException extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidMessageException(String message) {
            super(message);
        }
    }

    /**
     * @param text a text frame
     * @return the message
     * @throws InvalidMessageException for malformed JSON, an unknown event, bad base64, an unsupported content
     *                                 type or sample rate
     */
    static ServerMessage parse(String text) throws InvalidMessageException {
        JsonNode m;
        try {
            m = ForkMessages.JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new InvalidMessageException("not JSON (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
        }
        if (m == null || !m.isObject()) throw new InvalidMessageException("not a JSON object");
        String event = m.path("event").asText("");
        return switch (event) {
            case PLAY_AUDIO -> playAudio(m.path("media"));
            case CHECKPOINT -> {
                JsonNode name = m.path("name");
                if (!name.isTextual() || name.asText().isEmpty()) throw new InvalidMessageException("checkpoint without a name");
                yield new Checkpoint(name.asText());
            }
            case CLEAR_AUDIO -> new ClearAudio();
            case "" -> throw new InvalidMessageException("no event");
            default -> throw new InvalidMessageException("unknown event '" + (event.length() > 40 ? event.substring(0, 40) + "…" : event) + "'");
        };
    }

    private static PlayAudio playAudio(JsonNode media) throws InvalidMessageException {
        if (!media.isObject()) throw new InvalidMessageException("playAudio without a media object");
        String type = media.path("contentType").asText("");
        int rate = media.path("sampleRate").asInt(-1);
        if (!media.path("sampleRate").canConvertToInt() && media.path("sampleRate").isTextual()) {
            try {
                rate = Integer.parseInt(media.path("sampleRate").asText().trim());
            } catch (NumberFormatException e) {
                rate = -1;
            }
        }
        boolean mulaw = type.equalsIgnoreCase("audio/x-mulaw");
        if (!mulaw && !type.equalsIgnoreCase("audio/x-l16")) {
            throw new InvalidMessageException("playAudio contentType must be audio/x-l16 or audio/x-mulaw, not '" + type + "'");
        }
        if (rate != 8_000 && (mulaw || rate != 16_000)) {
            throw new InvalidMessageException("playAudio sampleRate must be " + (mulaw ? "8000 for audio/x-mulaw" : "8000 or 16000")
                    + ", not " + media.path("sampleRate"));
        }
        if (!media.path("payload").isTextual()) throw new InvalidMessageException("playAudio without a base64 payload");
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(media.path("payload").asText());
        } catch (IllegalArgumentException e) {
            throw new InvalidMessageException("playAudio payload is not base64 (a character outside its alphabet, or a wrong length)");
        }
        short[] samples;
        if (mulaw) {
            samples = new short[bytes.length];
            for (int i = 0; i < bytes.length; i++) samples[i] = G711.decode(bytes[i]);
        } else {
            if (bytes.length % 2 != 0) throw new InvalidMessageException("playAudio L16 payload has an odd byte count (" + bytes.length + ")");
            samples = new short[bytes.length / 2];
            for (int i = 0; i < samples.length; i++) samples[i] = (short) ((bytes[2 * i] & 0xff) | (bytes[2 * i + 1] << 8));
        }
        return new PlayAudio(samples, rate);
    }
}

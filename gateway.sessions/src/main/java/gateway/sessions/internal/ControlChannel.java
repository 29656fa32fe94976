package gateway.sessions.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One control socket of a session: {@code {"message_type", "data"}} messages both ways. It checks the token's rights
 * and the original's rate limits, and hands tasks to the session's pipeline. Messages are handled one at a time on
 * the socket's reading thread.
 */
final class ControlChannel {
    private static final Logger LOG = LoggerFactory.getLogger(ControlChannel.class);
    static final List<String> CLIENT_MESSAGES = List.of("set_task", "get_task", "pause_task", "end_task", "input_audio_data");

    private final SessionStore store;
    private final SessionStore.Access access;
    private final StreamingSession session;
    private final WebSocketConnection socket;
    private final Consumer<ControlChannel> onClose;

    ControlChannel(SessionStore store, SessionStore.Access access, WebSocketConnection socket, Consumer<ControlChannel> onClose) {
        this.store = store;
        this.access = access;
        this.session = access.session();
        this.socket = socket;
        this.onClose = onClose;
    }

    void start(jakarta.servlet.AsyncContext async) {
        session.channels.add(this);
        socket.start(new WebSocketConnection.Listener() {
            @Override
            public void onText(String text) {
                handle(text);
            }

            @Override
            public void onClose(int code, String reason) {
                session.channels.remove(ControlChannel.this);
                onClose.accept(ControlChannel.this);
            }
        }, async);
        if (!session.limits(access.token()).connect(System.nanoTime())) {
            send("error", error(TaskException.RATE_LIMITED, "at most " + RateLimits.CONNECTIONS_PER_MINUTE + " control connections per minute per token"));
            close(1008, "rate limited");
            return;
        }
        if (session.ended()) sessionEnded("the session ended");
    }

    void handle(String text) {
        JsonNode message;
        try {
            message = SessionStore.JSON.readTree(text);
        } catch (JsonProcessingException e) {
            send("error", error(TaskException.VALIDATION_ERROR, "not JSON: " + e.getOriginalMessage()));
            return;
        }
        if (message == null || !message.isObject() || !message.path("message_type").isTextual()) {
            send("error", error(TaskException.VALIDATION_ERROR, "a message is {\"message_type\": \"...\", \"data\": {...}}"));
            return;
        }
        String type = message.path("message_type").asText();
        JsonNode data = message.get("data");
        try {
            Object reply = switch (type) {
                case "set_task" -> setTask(data);
                case "get_task" -> getTask();
                case "pause_task" -> pauseTask();
                case "end_task" -> endTask(data);
                case "input_audio_data" -> inputAudio(data);
                default -> throw new TaskException(TaskException.VALIDATION_ERROR, "unknown message_type '" + type + "'; known: "
                        + String.join(", ", CLIENT_MESSAGES));
            };
            session.touch(java.time.Instant.now());
            if (reply != null) send("current_task", reply);
        } catch (TaskException e) {
            send("error", error(e.code, e.getMessage()));
        } catch (RuntimeException e) {
            LOG.warn("Session {}: {} failed", session.id, type, e);
            send("error", error(TaskException.PROCESSOR_FAILED, type + " failed: " + e));
        }
    }

    private Object setTask(JsonNode data) throws TaskException {
        require(Right.EDIT, "set_task");
        TaskSpec spec = TaskSpec.parse(data);
        // declaring the input is writing to the session; a task without input_stream keeps the publisher's WebRTC track
        if (data.has("input_stream") && !access.rights().contains(Right.WRITE)) {
            throw new TaskException(TaskException.FORBIDDEN, "declaring the input stream needs the write right (a publisher's token); "
                    + "this token may change the pipeline and outputs only: send set_task without input_stream");
        }
        rate(session.limits(access.token()).task(System.nanoTime()), "set_task and get_task", 2);
        session.pipeline.set(spec);
        return session.pipeline.view();
    }

    private Object getTask() throws TaskException {
        require(Right.READ, "get_task");
        rate(session.limits(access.token()).task(System.nanoTime()), "set_task and get_task", 2);
        return session.pipeline.view();
    }

    private Object pauseTask() throws TaskException {
        require(Right.EDIT, "pause_task");
        rate(session.limits(access.token()).control(System.nanoTime()), "pause_task and end_task", 3);
        session.pipeline.pause();
        return session.pipeline.view();
    }

    private Object endTask(JsonNode data) throws TaskException {
        require(Right.EDIT, "end_task");
        JsonNode force = data == null ? null : data.get("force");
        if (force != null && !force.isBoolean()) throw new TaskException(TaskException.VALIDATION_ERROR, "end_task's force must be true or false");
        rate(session.limits(access.token()).control(System.nanoTime()), "pause_task and end_task", 3);
        session.pipeline.end();
        // passthrough and the built-in stages hold no pending output, so force and a graceful end are the same here
        Map<String, Object> ended = new LinkedHashMap<>();
        ended.put("force", force != null && force.asBoolean());
        ended.put("by", access.identity());
        for (ControlChannel c : session.channels) c.send("task_ended", ended);
        store.publish("session-task-ended", Map.of("id", session.id, "force", ended.get("force")));
        return null;
    }

    /** Audio for a task whose input is {@code ws}: {@code {"data": "<base64 16-bit little-endian PCM>"}}; no answer. */
    private Object inputAudio(JsonNode data) throws TaskException {
        require(Right.WRITE, "input_audio_data");
        JsonNode audio = data == null ? null : data.get("data");
        if (audio == null || !audio.isTextual()) {
            throw new TaskException(TaskException.VALIDATION_ERROR, "input_audio_data is {\"data\": \"<base64 16-bit little-endian PCM>\"}");
        }
        byte[] pcm;
        try {
            pcm = java.util.Base64.getDecoder().decode(audio.asText());
        } catch (IllegalArgumentException e) {
            throw new TaskException(TaskException.VALIDATION_ERROR, "input_audio_data's data is not base64: " + e.getMessage());
        }
        session.pipeline.inputAudio(pcm);
        return null;
    }

    private void require(Right right, String what) throws TaskException {
        if (!access.rights().contains(right)) {
            throw new TaskException(TaskException.FORBIDDEN, what + " needs the " + right.name().toLowerCase(java.util.Locale.ROOT)
                    + " right, which this token (" + access.identity() + ") does not have");
        }
    }

    private static void rate(boolean allowed, String what, int seconds) throws TaskException {
        if (!allowed) throw new TaskException(TaskException.RATE_LIMITED, what + " are limited to one per " + seconds + " s per token");
    }

    private static Map<String, Object> error(String code, String desc) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("code", code);
        m.put("desc", desc);
        return m;
    }

    void send(String messageType, Object data) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("message_type", messageType);
        m.put("data", data);
        try {
            socket.sendText(SessionStore.JSON.writeValueAsString(m));
        } catch (JsonProcessingException e) {
            LOG.warn("Session {}: {} could not be written: {}", session.id, messageType, e.getOriginalMessage());
        }
    }

    void sessionEnded(String reason) {
        send("session_ended", Map.of("reason", reason));
        close(1000, "session ended");
    }

    void ping() {
        socket.ping();
    }

    void close(int code, String reason) {
        socket.close(code, reason);
    }
}

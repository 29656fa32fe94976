package gateway.sessions.internal;

import gateway.api.processing.ProcessingContext;
import gateway.api.processing.ProcessorException;
import gateway.api.processing.ProcessorRun;
import gateway.api.processing.SessionProcessor;
import gateway.api.rooms.RoomService;
import gateway.api.stream.StreamRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code websocket}: the session's input forked to an external service over the call-fork wire protocol (Plivo's
 * Audio Stream: {@code start}, then {@code media} every 20 ms; {@code playAudio}, {@code checkpoint} and
 * {@code clearAudio} back), two-way. What the service plays is the output: a track the run publishes in the room.
 */
@Component(service = SessionProcessor.class)
public final class WebSocketProcessor implements SessionProcessor {
    static final String NAME = "websocket";
    static final List<Integer> RATES = List.of(8000, 16000);
    static final String L16 = "audio/x-l16", MULAW = "audio/x-mulaw";
    static final int MAX_REPLY_SECONDS = 60;

    @Reference
    private StreamRegistry registry;
    @Reference
    private RoomService rooms;
    private ScheduledExecutorService clock;
    private HttpClient http;

    @Activate
    void activate() {
        // every run encodes 50 frames a second on it: one thread per core
        clock = Executors.newScheduledThreadPool(Runtime.getRuntime().availableProcessors(), r -> {
            Thread t = new Thread(r, "session-websocket-clock");
            t.setDaemon(true);
            return t;
        });
        http = HttpClient.newBuilder().connectTimeout(java.time.Duration.ofSeconds(10)).build();
    }

    @Deactivate
    void deactivate() {
        clock.shutdownNow();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "The publisher's audio is forked to a WebSocket service over Plivo's Audio Stream protocol; the subscribers hear what it plays back (playAudio).";
    }

    @Override
    public Map<String, Object> configurationSchema() {
        Map<String, Object> url = new LinkedHashMap<>();
        url.put("type", "string");
        url.put("format", "uri");
        url.put("pattern", "^wss?://");
        url.put("description", "The service's WebSocket URL (ws:// or wss://)");
        Map<String, Object> rate = new LinkedHashMap<>();
        rate.put("type", "integer");
        rate.put("enum", RATES);
        rate.put("default", 16000);
        rate.put("description", "The sample rate of the audio sent; audio/x-mulaw is 8000 only (and its default)");
        Map<String, Object> encoding = new LinkedHashMap<>();
        encoding.put("type", "string");
        encoding.put("enum", List.of(L16, MULAW));
        encoding.put("default", L16);
        encoding.put("description", "The audio sent: 16-bit little-endian PCM (audio/x-l16) or G.711 mu-law (audio/x-mulaw), mono");
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put("type", "string");
        headers.put("maxLength", 1024);
        headers.put("description", "Sent as extra_headers in the start message (the service's own parameters)");
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("properties", Map.of("url", url, "encoding", encoding, "sample_rate", rate, "extra_headers", headers));
        schema.put("required", List.of("url"));
        schema.put("additionalProperties", false);
        return schema;
    }

    /** A run's configuration. */
    record Settings(URI url, String encoding, int sampleRate, String extraHeaders) {
        static Settings of(Map<String, Object> config) throws ProcessorException {
            for (String key : config.keySet()) {
                if (!List.of("url", "encoding", "sample_rate", "extra_headers").contains(key)) {
                    throw new ProcessorException("websocket takes url, encoding, sample_rate and extra_headers, not '" + key + "'");
                }
            }
            if (!(config.get("url") instanceof String u) || !(u.startsWith("ws://") || u.startsWith("wss://"))) {
                throw new ProcessorException("websocket needs url, a ws:// or wss:// URL");
            }
            URI url;
            try {
                url = URI.create(u);
            } catch (IllegalArgumentException e) {
                throw new ProcessorException("websocket's url is not a URL: " + e.getMessage());
            }
            if (url.getHost() == null) throw new ProcessorException("websocket's url names no host");
            Object encoding = config.getOrDefault("encoding", L16);
            if (!L16.equals(encoding) && !MULAW.equals(encoding)) throw new ProcessorException("websocket's encoding must be " + L16 + " or " + MULAW);
            Object rate = config.getOrDefault("sample_rate", MULAW.equals(encoding) ? 8000 : 16000);
            if (!(rate instanceof Integer r) || !RATES.contains(r)) throw new ProcessorException("websocket's sample_rate must be 8000 or 16000");
            if (MULAW.equals(encoding) && r != 8000) throw new ProcessorException("websocket's " + MULAW + " is 8000 Hz only");
            Object headers = config.get("extra_headers");
            if (headers != null && (!(headers instanceof String h) || h.length() > 1024)) {
                throw new ProcessorException("websocket's extra_headers must be a string of at most 1024 characters");
            }
            return new Settings(url, (String) encoding, r, (String) headers);
        }
    }

    @Override
    public ProcessorRun start(ProcessingContext context) throws ProcessorException {
        Settings settings = Settings.of(context.configuration());
        ServiceFork fork = new ServiceFork(context, settings, registry, rooms, http, clock);
        try {
            fork.open();
        } catch (RuntimeException e) {
            fork.close();
            throw new ProcessorException("websocket cannot start: " + e.getMessage(), e);
        }
        return fork;
    }
}

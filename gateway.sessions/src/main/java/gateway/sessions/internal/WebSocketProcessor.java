package gateway.sessions.internal;

import gateway.api.processing.ProcessingContext;
import gateway.api.processing.ProcessorException;
import gateway.api.processing.ProcessorRun;
import gateway.api.processing.SessionOutputs;
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
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * {@code websocket}: the session's input forked to an external service over the call-fork wire protocol (Plivo's
 * Audio Stream: {@code start}, then {@code media} every 20 ms; {@code playAudio}, {@code checkpoint} and
 * {@code clearAudio} back), two-way. What the service plays is the output: a session output (the same track across
 * updates of this plugin) relays the stream the run paces it into.
 */
@Component(service = SessionProcessor.class)
public final class WebSocketProcessor implements SessionProcessor {
    static final String NAME = "websocket";
    static final List<Integer> RATES = List.of(8000, 16000);
    static final String L16 = "audio/x-l16", MULAW = "audio/x-mulaw";
    static final int MAX_REPLY_SECONDS = 60;
    /** As the call fork: a day of streaming, a ping every 20 s (three unanswered end the run), the first connect retried twice. */
    static final int DEFAULT_STREAM_TIMEOUT = 86400, DEFAULT_PING_INTERVAL = 20, DEFAULT_CONNECT_RETRIES = 2;
    static final long RETRY_DELAY_MILLIS = 1000, CONNECT_TIMEOUT_SECONDS = 5;

    @Reference
    private StreamRegistry registry;
    @Reference
    private RoomService rooms;
    /**
     * Dynamic: an update of gateway.sessions.outputs leaves this processor registered and its runs forking; each run
     * claims a new output as soon as the next revision's service is there (see {@link ServiceFork#outputsBack}).
     */
    private volatile SessionOutputs outputs;
    /** The runs not stopped yet. */
    private final java.util.Set<ServiceFork> forks = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile ScheduledExecutorService clock;
    private HttpClient http;

    @Activate
    void activate() {
        // every run encodes 50 frames a second on it: one thread per core
        clock = Executors.newScheduledThreadPool(Runtime.getRuntime().availableProcessors(), r -> {
            Thread t = new Thread(r, "session-websocket-clock");
            t.setDaemon(true);
            return t;
        });
        http = HttpClient.newBuilder().connectTimeout(java.time.Duration.ofSeconds(CONNECT_TIMEOUT_SECONDS)).build();
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindOutputs(SessionOutputs o) {
        outputs = o;
        claimFrom(o);
    }

    void unbindOutputs(SessionOutputs o) {
        if (outputs == o) outputs = null;
        for (ServiceFork f : forks) f.outputsGone();
        SessionOutputs other = outputs;
        if (other != null) claimFrom(other); // another one was bound before this one left
    }

    /** Has every run without an output claim one from that service. */
    private void claimFrom(SessionOutputs o) {
        ScheduledExecutorService c = clock;
        if (c == null) return; // activation follows: no run yet
        for (ServiceFork f : forks) {
            try {
                // rooms calls: not on the thread that registers the service
                c.execute(() -> f.outputsBack(o));
            } catch (java.util.concurrent.RejectedExecutionException stopping) {
                return;
            }
        }
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
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("url", url);
        properties.put("encoding", encoding);
        properties.put("sample_rate", rate);
        properties.put("extra_headers", headers);
        properties.put("stream_timeout", integerSchema(1, 86400, DEFAULT_STREAM_TIMEOUT,
                "Seconds after which the run stops streaming to the service (the socket is closed; the output goes silent)"));
        properties.put("ping_interval", integerSchema(1, 300, DEFAULT_PING_INTERVAL,
                "Seconds between WebSocket pings to the service; no pong for three intervals fails the run"));
        properties.put("connect_retries", integerSchema(0, 5, DEFAULT_CONNECT_RETRIES,
                "Retries of the first connection (one second apart, each with a 5 s timeout) before the run fails"));
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("properties", properties);
        schema.put("required", List.of("url"));
        schema.put("additionalProperties", false);
        return schema;
    }

    private static Map<String, Object> integerSchema(int min, int max, int fallback, String description) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "integer");
        m.put("minimum", min);
        m.put("maximum", max);
        m.put("default", fallback);
        m.put("description", description);
        return m;
    }

    /** A run's configuration. */
    record Settings(URI url, String encoding, int sampleRate, String extraHeaders, int streamTimeoutSeconds, int pingIntervalSeconds,
                    int connectRetries) {
        static final List<String> KEYS = List.of("url", "encoding", "sample_rate", "extra_headers", "stream_timeout", "ping_interval", "connect_retries");

        static Settings of(Map<String, Object> config) throws ProcessorException {
            for (String key : config.keySet()) {
                if (!KEYS.contains(key)) throw new ProcessorException("websocket takes " + String.join(", ", KEYS) + ", not '" + key + "'");
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
            return new Settings(url, (String) encoding, r, (String) headers, integer(config, "stream_timeout", DEFAULT_STREAM_TIMEOUT, 1, 86400),
                    integer(config, "ping_interval", DEFAULT_PING_INTERVAL, 1, 300), integer(config, "connect_retries", DEFAULT_CONNECT_RETRIES, 0, 5));
        }

        private static int integer(Map<String, Object> config, String key, int fallback, int min, int max) throws ProcessorException {
            Object v = config.getOrDefault(key, fallback);
            if (!(v instanceof Integer i) || i < min || i > max) throw new ProcessorException("websocket's " + key + " must be an integer from " + min + " to " + max);
            return i;
        }
    }

    @Override
    public ProcessorRun start(ProcessingContext context) throws ProcessorException {
        Settings settings = Settings.of(context.configuration());
        ServiceFork[] self = new ServiceFork[1];
        ServiceFork fork = new ServiceFork(context, settings, registry, rooms, outputs, http, clock, () -> forks.remove(self[0]));
        self[0] = fork;
        forks.add(fork);
        try {
            fork.open();
        } catch (RuntimeException e) {
            fork.close();
            throw new ProcessorException("websocket cannot start: " + e.getMessage(), e);
        }
        return fork;
    }
}

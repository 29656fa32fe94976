package gateway.example.tonedetect.internal;

import gateway.api.processing.ProcessingContext;
import gateway.api.processing.ProcessorException;
import gateway.api.processing.ProcessorRun;
import gateway.api.stream.Attachment;
import gateway.api.stream.MediaPacket;
import gateway.api.stream.MediaSession;
import gateway.api.stream.StreamRegistry;
import gateway.lib.opus.OpusDecodingException;
import gateway.lib.opus.OpusPcmDecoder;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One session's tone detection: follows the session's input (it may appear or change while the run lives), decodes
 * it, measures each window and says when the tone starts or stops (two windows in a row decide, so one noisy window
 * does not flap). Its output is its input track.
 */
final class ToneDetectorRun implements ProcessorRun {
    /** The tone counts as present when it holds at least this share of the window's power. */
    static final double MIN_SHARE = 0.5;

    private final ProcessingContext context;
    private final StreamRegistry registry;
    private volatile Detector detector;
    private ScheduledFuture<?> watcher;
    private Attachment source;
    private String following;
    private boolean closed;

    ToneDetectorRun(ProcessingContext context, ToneSettings settings, StreamRegistry registry) {
        this.context = context;
        this.registry = registry;
        this.detector = new Detector(settings);
    }

    synchronized void open(ScheduledExecutorService clock) {
        // the API tells no one when the input appears or changes: the run looks a few times a second
        watcher = clock.scheduleWithFixedDelay(this::follow, 0, 200, TimeUnit.MILLISECONDS);
    }

    @Override
    public List<String> outputTracks() {
        return context.input().map(in -> List.of(in.trackSid())).orElse(List.of());
    }

    @Override
    public boolean reconfigure(Map<String, Object> configuration) throws ProcessorException {
        ToneSettings next = ToneSettings.of(configuration);
        Detector old = detector;
        detector = new Detector(next);
        if (old.present) context.event("tone_stopped", event(old.settings.hz(), old.lastLevel, "reconfigured"));
        return true;
    }

    private void follow() {
        String stream = context.input().map(ProcessingContext.Input::stream).orElse(null);
        synchronized (this) {
            if (closed || Objects.equals(stream, following)) return;
        }
        detach();
        if (stream == null) return;
        Attachment a;
        try {
            a = registry.attach(stream, s -> new Listener(), Map.of("gateway.media.name", "tone-detect " + context.sessionId()));
        } catch (RuntimeException ended) {
            return;
        }
        synchronized (this) {
            if (!closed) {
                following = stream;
                source = a;
                context.event("tone_listening", Map.of("hz", detector.settings.hz(), "stream", stream));
                return;
            }
        }
        a.close();
    }

    private void detach() {
        Attachment a;
        synchronized (this) {
            a = source;
            source = null;
            following = null;
        }
        if (a != null) a.close();
    }

    /** Decodes the input's packets and measures them; on the attachment's thread. */
    private final class Listener implements MediaSession {
        private final OpusPcmDecoder decoder = new OpusPcmDecoder(ToneMeter.RATE, 1);
        private final byte[] packet = new byte[4000];
        private boolean done;

        @Override
        public synchronized void onPacket(MediaPacket p) {
            if (done) return;
            ByteBuffer b = p.payload().duplicate();
            int n = Math.min(b.remaining(), packet.length);
            b.get(packet, 0, n);
            int samples;
            try {
                samples = n == 0 ? 0 : decoder.decode(packet, 0, n);
            } catch (OpusDecodingException e) {
                return;
            }
            detector.add(decoder.pcm(), samples);
        }

        @Override
        public void onEnd(gateway.api.stream.StreamState state, String reason) {
            release();
        }

        @Override
        public void onDetached() {
            release();
        }

        private synchronized void release() {
            if (done) return;
            done = true;
            decoder.close();
        }
    }

    /** The state of one configuration: its meter and whether the tone is present. */
    private final class Detector {
        final ToneSettings settings;
        final ToneMeter meter;
        boolean present;
        int agreeing;
        double lastLevel;

        Detector(ToneSettings settings) {
            this.settings = settings;
            this.meter = new ToneMeter(settings.hz(), settings.windowMs());
        }

        void add(short[] pcm, int samples) {
            ToneMeter.Reading r = meter.add(pcm, samples);
            if (r == null) return;
            lastLevel = r.amplitude();
            boolean now = r.amplitude() >= settings.minLevel() && r.share() >= MIN_SHARE;
            agreeing = now != present ? agreeing + 1 : 0;
            if (agreeing < 2 || detector != this) return;
            present = now;
            agreeing = 0;
            context.event(now ? "tone_started" : "tone_stopped", event(settings.hz(), r.amplitude(), null));
        }
    }

    private static Map<String, Object> event(double hz, double level, String reason) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("hz", hz);
        m.put("level", Math.round(level * 1000) / 1000.0);
        if (reason != null) m.put("reason", reason);
        return m;
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) return;
            closed = true;
            if (watcher != null) watcher.cancel(false);
        }
        detach();
    }
}

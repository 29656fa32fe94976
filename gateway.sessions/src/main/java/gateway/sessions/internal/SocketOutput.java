package gateway.sessions.internal;

import gateway.api.stream.MediaPacket;
import gateway.api.stream.MediaSession;
import gateway.api.stream.StreamRegistry;
import gateway.lib.opus.OpusDecodingException;
import gateway.lib.opus.OpusPcmDecoder;
import gateway.lib.opus.PcmResampler;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * A task's output sent over the control sockets: the pipeline's output track (followed as the task changes it)
 * decoded and sent as {@code output_audio_data {"data": <base64 16-bit little-endian PCM>, "last_chunk": false}}, one
 * message per Opus packet, at the task's rate and channels; {@code last_chunk: true} (with no audio) when it ends.
 * The room track goes on too, so WebRTC subscribers hear the same output.
 */
final class SocketOutput implements AutoCloseable {
    static final String MESSAGE = "output_audio_data";

    private final TaskSpec.Transport format;
    private final FollowedStream output;
    private final BiConsumer<String, Object> sockets;
    private ScheduledFuture<?> watcher;
    private boolean closed;

    /**
     * @param outputStream the registry id of the stream carrying the pipeline's output now, or null
     * @param sockets      sends a message to the session's control sockets
     */
    SocketOutput(TaskSpec.Transport format, StreamRegistry registry, Supplier<String> outputStream, BiConsumer<String, Object> sockets) {
        this.format = format;
        this.sockets = sockets;
        this.output = new FollowedStream(registry, outputStream, live -> new Decoder(live.format().channels()),
                Map.of("gateway.media.name", "socket output", "gateway.media.queue", 250));
    }

    TaskSpec.Transport format() {
        return format;
    }

    /** Starts following the pipeline's output. */
    synchronized void open(ScheduledExecutorService clock) {
        // the output track changes with the task and with the publisher: the output looks a few times a second
        watcher = clock.scheduleWithFixedDelay(output::follow, 0, 100, TimeUnit.MILLISECONDS);
    }

    /** Decodes the output's packets into messages; on the attachment's thread. */
    private final class Decoder implements MediaSession {
        private final int channels;
        private final OpusPcmDecoder opus;
        private final PcmResampler resampler;
        private final short[] mono;
        private final short[] resampled;
        private final byte[] packet = new byte[4000];
        private boolean done;

        Decoder(int channels) {
            this.channels = channels;
            this.opus = new OpusPcmDecoder(48_000, channels);
            this.resampler = format.sampleRate() == 48_000 ? null : new PcmResampler(48_000, format.sampleRate());
            this.mono = new short[opus.maxFrameSamples()];
            this.resampled = resampler == null ? mono : new short[resampler.maxOutput(mono.length)];
        }

        @Override
        public synchronized void onPacket(MediaPacket p) {
            if (done) return;
            ByteBuffer b = p.payload().duplicate();
            int n = Math.min(b.remaining(), packet.length);
            b.get(packet, 0, n);
            int samples;
            try {
                samples = n == 0 ? 0 : opus.decode(packet, 0, n);
            } catch (OpusDecodingException e) {
                return; // one bad packet is skipped, as the rooms' receivers do
            }
            short[] pcm = opus.pcm();
            for (int i = 0; i < samples; i++) mono[i] = channels == 1 ? pcm[i] : (short) ((pcm[2 * i] + pcm[2 * i + 1]) / 2);
            int count = resampler == null ? samples : resampler.resample(mono, 0, samples, resampled, 0);
            if (count == 0) return;
            int out = format.channels();
            byte[] bytes = new byte[count * 2 * out];
            for (int i = 0, o = 0; i < count; i++) {
                for (int c = 0; c < out; c++) {
                    bytes[o++] = (byte) resampled[i];
                    bytes[o++] = (byte) (resampled[i] >> 8);
                }
            }
            sockets.accept(MESSAGE, chunk(Base64.getEncoder().encodeToString(bytes), false));
        }

        @Override
        public void onEnd(gateway.api.stream.StreamState state, String reason) {
            close();
        }

        @Override
        public void onDetached() {
            close();
        }

        private synchronized void close() {
            if (done) return; // the stream's end and the detachment both close it
            done = true;
            opus.close();
            if (resampler != null) resampler.close();
        }
    }

    private static Map<String, Object> chunk(String data, boolean last) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("data", data);
        m.put("last_chunk", last);
        return m;
    }

    /** Stops following and sends the last chunk. Idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) return;
            closed = true;
            if (watcher != null) watcher.cancel(false);
        }
        output.close();
        sockets.accept(MESSAGE, chunk("", true));
    }
}

package gateway.whip.internal;

import gateway.api.stream.StreamEndedException;
import gateway.api.stream.StreamFormat;
import gateway.api.stream.StreamPublisher;
import gateway.api.stream.StreamRegistry;
import gateway.api.stream.StreamSpec;
import gateway.lib.ogg.OggOpusWriter;
import gateway.lib.ogg.OpusHead;
import gateway.lib.ogg.OpusTags;
import gateway.lib.opus.OpusEncoderSettings;
import gateway.lib.opus.OpusPcmEncoder;
import gateway.lib.srt.SrtCallerOptions;
import gateway.lib.srt.SrtClosedException;
import gateway.lib.srt.SrtRejectedException;
import gateway.lib.srt.SrtSender;
import gateway.lib.srt.SrtSenderStats;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.UnresolvedAddressException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One bridge's media path after WebRTC: decoded PCM (10 ms frames) → Opus (20 ms packets) → Ogg pages →
 * SRT caller, and the same Opus packets into a live stream of the registry.
 *
 * <p>Threading: {@link #offer} is called on WebRTC's audio thread, shared by every bridge, so it only
 * queues (a bounded queue: a stalled relay drops frames, counted, instead of stalling other bridges). One
 * virtual thread per relay connects to the SRT target, then encodes and sends. It ends by itself when the
 * SRT connection cannot be made, fails or closes, and reports why through {@link Listener#failed}; whatever
 * else goes wrong on that thread is logged with its stack trace and reported the same way, so the thread
 * never dies with an uncaught exception.
 */
final class OpusRelay {
    private static final Logger LOG = LoggerFactory.getLogger(OpusRelay.class);
    private static final PcmFrame STOP = new PcmFrame(new byte[0], 0, 0, 0);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final long MAX_LINGER_MILLIS = 2_000;

    /** Connection to the SRT target, how to encode, and what to tell the registry. */
    record Settings(SrtCallerOptions srt, String target, int bitrateStereo, int bitrateMono, Map<String, String> metadata) {}

    /** 10 ms of interleaved 16-bit PCM as WebRTC delivers it. */
    record PcmFrame(byte[] pcm, int sampleRate, int channels, int frames) {}

    /** What the relay reports, on its own thread. */
    interface Listener {
        /** The SRT target accepted the connection. */
        void srtConnected();

        /**
         * The relay has stopped by itself (never called after {@link #stop}).
         *
         * @param cause  why, for clients
         * @param reason why, in words
         */
        void failed(EndCause cause, String reason);
    }

    private final Settings settings;
    private final StreamRegistry registry;
    private final Listener listener;
    private final WhipTotals totals;
    private final BlockingQueue<PcmFrame> queue = new ArrayBlockingQueue<>(200);
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong packets = new AtomicLong();
    private volatile SrtSender sender;
    private volatile StreamPublisher publisher;
    private volatile boolean stopping;
    private final Thread worker;

    OpusRelay(Settings settings, StreamRegistry registry, Listener listener, WhipTotals totals, String name) {
        this.settings = settings;
        this.registry = registry;
        this.listener = listener;
        this.totals = totals;
        this.worker = Thread.ofVirtual().name("whip-relay-" + name).start(this::run);
    }

    /** Queues a frame; never blocks (drops it when the relay is behind). */
    void offer(PcmFrame frame) {
        if (stopping) return;
        if (!queue.offer(frame)) dropFrame();
    }

    private void dropFrame() {
        dropped.incrementAndGet();
        totals.countDroppedFrame();
    }

    /** @return the live stream's id once audio flows, else null */
    String streamId() {
        StreamPublisher p = publisher;
        return p == null ? null : p.stream().id();
    }

    long packets() {
        return packets.get();
    }

    long droppedFrames() {
        return dropped.get();
    }

    SrtSenderStats srtStats() {
        SrtSender s = sender;
        return s == null ? null : s.stats();
    }

    /**
     * Stops the relay: the last Ogg page is written (end of stream), the live stream ended with this reason,
     * and the SRT connection closed once that page can have been delivered. Waits for the worker (at most 5 s);
     * a relay still connecting to its SRT target gives up at once.
     *
     * @param cause  why the bridge ended; a {@linkplain EndCause#failure() failure} fails the live stream
     * @param reason why, in words
     */
    void stop(EndCause cause, String reason) {
        stopping = true;
        queue.clear();
        queue.offer(STOP);
        try {
            // still connecting to the SRT target: nothing has been sent, so there is nothing to finish
            if (sender == null) worker.interrupt();
            if (!worker.join(Duration.ofSeconds(5))) {
                worker.interrupt();
                worker.join(Duration.ofSeconds(2));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        StreamPublisher p = publisher;
        if (p != null) {
            if (cause.failure()) p.fail(reason);
            else p.end(reason);
        }
        SrtSender s = sender;
        if (s != null) {
            linger(s);
            s.close();
        }
    }

    /**
     * Before the SRT shutdown, gives the last packets (the end-of-stream page) time to be delivered: a listener
     * that receives the shutdown drops what it still holds back for its latency (libsrt does), so the close waits
     * for the latency plus two round trips (one for a retransmission), at most {@value #MAX_LINGER_MILLIS} ms.
     */
    private static void linger(SrtSender s) {
        if (!s.isOpen()) return;
        SrtSenderStats stats = s.stats();
        long millis = Math.min(MAX_LINGER_MILLIS, stats.latencyMillis() + 2 * stats.rttMicros() / 1000 + 20);
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        try {
            SrtSender s = connect();
            if (s != null) relay(s);
        } catch (InterruptedException e) {
            // stopping
        } catch (Throwable e) { // the last line: logged with its trace, shown as the bridge's state, never on stderr
            if (stopping) {
                LOG.debug("WHIP relay to {} failed while stopping", settings.target(), e);
            } else {
                LOG.error("WHIP relay to {} failed", settings.target(), e);
                failed(EndCause.INTERNAL_ERROR, "the relay to the SRT target " + settings.target() + " failed: " + e);
            }
        }
    }

    /** @return the connected sender, or null when the connection failed (reported) or the relay is stopping */
    private SrtSender connect() {
        SrtSender s;
        try {
            if (settings.srt().target().isUnresolved()) throw new UnresolvedAddressException();
            s = SrtSender.connect(settings.srt());
        } catch (UnresolvedAddressException e) {
            failed(EndCause.SRT_UNRESOLVED, "the SRT target " + settings.target() + " does not resolve to an address");
            return null;
        } catch (SrtRejectedException e) {
            failed(EndCause.SRT_REFUSED, "the SRT target " + settings.target() + " refused the connection: " + e.getMessage());
            return null;
        } catch (IOException e) {
            failed(EndCause.SRT_UNREACHABLE, "the SRT target " + settings.target() + " is unreachable: " + e.getMessage());
            return null;
        }
        sender = s;
        if (stopping) {
            s.close();
            return null;
        }
        listener.srtConnected();
        return s;
    }

    private void relay(SrtSender s) throws InterruptedException, IOException {
        SrtPageOutput out = new SrtPageOutput(s);
        Encoding encoding = null;
        ChannelProbe probe = new ChannelProbe();
        try {
            while (true) {
                PcmFrame f = queue.poll(1, TimeUnit.SECONDS);
                if (!s.isOpen()) throw new SrtClosedException(s.closeReason().orElse("closed"));
                if (f == null) continue;
                if (f == STOP) break;
                if (encoding != null) {
                    encoding.encode(f);
                    continue;
                }
                List<PcmFrame> first = probe.offer(f);
                if (first.isEmpty()) continue;
                if (!OpusPcmEncoder.isSupportedRate(f.sampleRate())) {
                    failed(EndCause.AUDIO_UNSUPPORTED, "WebRTC delivered audio at " + f.sampleRate() + " Hz, which Opus cannot encode");
                    return;
                }
                encoding = new Encoding(out, f.sampleRate(), probe.channels());
                for (PcmFrame frame : first) encoding.encode(frame);
            }
            if (encoding != null) encoding.writer.close(); // the end-of-stream page
        } catch (SrtClosedException e) {
            failed(EndCause.SRT_CLOSED, "the SRT target " + settings.target() + " closed the connection: " + e.getMessage());
        }
    }

    private void failed(EndCause cause, String reason) {
        if (!stopping) listener.failed(cause, reason);
    }

    /**
     * The encoder, the Ogg stream to the SRT target and the live stream, from the decided channel layout on;
     * used by the relay's worker only.
     */
    private final class Encoding {
        final OpusPcmEncoder encoder;
        final OggOpusWriter writer;
        final StreamPublisher stream;
        final long step;
        final Consumer<byte[]> sink = this::packet;
        long timestamp;
        /** False once the gateway ended the live stream (it is shutting down): the SRT relay itself goes on. */
        boolean streamOpen = true;

        Encoding(SrtPageOutput out, int sampleRate, int channels) throws IOException {
            encoder = new OpusPcmEncoder(sampleRate, channels, OpusEncoderSettings.transparent(channels)
                    .withBitrate(channels == 2 ? settings.bitrateStereo() : settings.bitrateMono()));
            step = encoder.packetMicros();
            writer = new OggOpusWriter(out, RANDOM.nextInt(), 960);
            OpusHead head = OpusHead.of(channels, encoder.preSkip(), sampleRate);
            OpusTags tags = OpusTags.of("gateway.whip (Concentus Opus encoder)", List.of("ENCODER=gateway.whip"));
            writer.writeHeaders(head, tags);
            Map<String, String> metadata = new HashMap<>(settings.metadata());
            metadata.put("encoder", "Opus " + encoder.settings().bitrate() / 1000 + " kb/s, complexity "
                    + encoder.settings().complexity() + ", " + encoder.settings().frameMillis() + " ms");
            stream = registry.open(new StreamSpec("whip", channels == 1 ? StreamFormat.OPUS_48K_MONO : StreamFormat.OPUS_48K_STEREO,
                    metadata));
            publisher = stream;
            // the same headers the SRT target gets, so a recorder keeps the encoder's pre-skip
            stream.setCodecHeaders(List.of(ByteBuffer.wrap(head.raw()), ByteBuffer.wrap(tags.raw())));
        }

        void encode(PcmFrame frame) {
            if (frame.sampleRate() != encoder.sampleRate()) {
                dropFrame();
                return;
            }
            encoder.encode(remix(frame, encoder.channels()), 0, frame.frames(), sink);
        }

        private void packet(byte[] packet) {
            try {
                writer.writePacket(packet);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            if (streamOpen) {
                try {
                    stream.send(timestamp, step, ByteBuffer.wrap(packet));
                } catch (StreamEndedException e) {
                    streamOpen = false;
                    LOG.info("WHIP relay to {}: the gateway ended its live stream ({}); relaying to SRT goes on",
                            settings.target(), e.reason());
                }
            }
            timestamp += step;
            packets.incrementAndGet();
            totals.countPacket();
        }
    }

    /** The frame with the encoder's channel count (WebRTC may switch between mono and stereo decoding). */
    static byte[] remix(PcmFrame f, int channels) {
        int in = f.channels();
        if (in == channels) return f.pcm();
        byte[] src = f.pcm();
        byte[] out = new byte[f.frames() * channels * 2];
        for (int i = 0; i < f.frames(); i++) {
            for (int c = 0; c < channels; c++) {
                int v;
                if (channels == 1) { // average the first two channels
                    v = (sample(src, i * in) + sample(src, i * in + 1)) / 2;
                } else {
                    v = sample(src, i * in + Math.min(c, in - 1));
                }
                out[(i * channels + c) * 2] = (byte) v;
                out[(i * channels + c) * 2 + 1] = (byte) (v >> 8);
            }
        }
        return out;
    }

    private static int sample(byte[] pcm, int index) {
        return (short) ((pcm[index * 2] & 0xff) | (pcm[index * 2 + 1] << 8));
    }
}

package gateway.rooms.egress.internal;

import gateway.api.rooms.EgressInfo;
import gateway.api.stream.Attachment;
import gateway.api.stream.LiveStream;
import gateway.api.stream.MediaPacket;
import gateway.api.stream.MediaSession;
import gateway.api.stream.StreamRegistry;
import gateway.api.stream.StreamState;
import gateway.lib.ogg.OggOpusWriter;
import gateway.lib.ogg.OpusHead;
import gateway.lib.ogg.OpusTags;
import gateway.lib.srt.SrtSender;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One {@code srt://} output of a streaming egress: connects as an SRT caller, then sends the egress's live stream as
 * Ogg/Opus (a page per 20 ms packet, pages split into messages of at most 1316 bytes), as the WHIP bridge does.
 * A refused or lost connection ends the output as {@code FAILED} with the reason; the egress and its other outputs
 * go on.
 */
final class SrtStreamOutput implements MediaSession {
    private static final int MAX_MESSAGE = 1316;
    private final SrtUrl url;
    private final long startedAtMs = System.currentTimeMillis();
    private final Consumer<SrtStreamOutput> changed;
    private volatile String status = "ACTIVE";
    private volatile String error;
    private volatile long endedAtMs;
    private volatile SrtSender sender;
    private volatile Attachment attachment;
    private OggOpusWriter writer;

    /**
     * @param url     where to
     * @param changed told when the output fails or finishes, on the output's thread
     */
    SrtStreamOutput(SrtUrl url, Consumer<SrtStreamOutput> changed) {
        this.url = url;
        this.changed = changed;
    }

    /**
     * Connects and attaches to the stream, on a thread of its own (a handshake takes up to the connect timeout).
     *
     * @param registry the registry
     * @param stream   the egress's live stream
     */
    void start(StreamRegistry registry, LiveStream stream) {
        Thread.ofVirtual().name("egress srt " + url.redacted()).start(() -> {
            try {
                SrtSender s = SrtSender.connect(url.resolved());
                sender = s;
                if (!"ACTIVE".equals(status)) { // removed while connecting
                    s.close();
                    return;
                }
                List<ByteBuffer> headers = stream.codecHeaders();
                writer = new OggOpusWriter(new Messages(s), (int) (Math.random() * Integer.MAX_VALUE), 960);
                OpusHead head = headers.size() >= 1 ? OpusHead.parse(bytes(headers.get(0))) : OpusHead.of(stream.format().channels(), 312, 48_000);
                OpusTags tags = headers.size() >= 2 ? OpusTags.parse(bytes(headers.get(1))) : OpusTags.of("gateway egress", List.of());
                writer.writeHeaders(head, tags);
                attachment = registry.attach(stream.id(), st -> this, Map.of("gateway.media.name", "egress " + url.redacted(),
                        "gateway.media.queue", 250));
            } catch (Exception e) {
                fail(e.getMessage() == null ? e.toString() : e.getMessage());
            }
        });
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] a = new byte[b.remaining()];
        b.duplicate().get(a);
        return a;
    }

    @Override
    public void onPacket(MediaPacket packet) {
        try {
            synchronized (this) { // not while release() closes the writer
                if (!"ACTIVE".equals(status)) return;
                writer.writePacket(bytes(packet.payload()));
            }
        } catch (IOException | RuntimeException e) {
            fail(sender != null && sender.closeReason().isPresent() ? "connection closed: " + sender.closeReason().get() : e.toString());
        }
    }

    @Override
    public void onEnd(StreamState state, String reason) {
        finish();
    }

    @Override
    public void onDetached() {
        finish();
    }

    private void fail(String why) {
        synchronized (this) {
            if (!"ACTIVE".equals(status)) return;
            status = "FAILED";
            error = why;
            endedAtMs = System.currentTimeMillis();
        }
        release();
        changed.accept(this);
    }

    /** Ends the output normally: the last page goes out with end-of-stream and the connection is closed. */
    void finish() {
        synchronized (this) {
            if (!"ACTIVE".equals(status)) return;
            status = "FINISHED";
            endedAtMs = System.currentTimeMillis();
        }
        release();
        changed.accept(this);
    }

    private void release() {
        Attachment a = attachment;
        if (a != null) a.close();
        synchronized (this) {
            try {
                if (writer != null) writer.close();
            } catch (IOException | RuntimeException ignored) {
                // the connection is gone already: nothing more to send
            }
        }
        SrtSender s = sender;
        if (s != null) s.close();
    }

    SrtUrl url() {
        return url;
    }

    boolean active() {
        return "ACTIVE".equals(status);
    }

    EgressInfo.StreamOutput info() {
        return new EgressInfo.StreamOutput(url.redacted(), status, startedAtMs, endedAtMs, error);
    }

    /** Ogg pages into SRT messages; each page arrives in one write. */
    private static final class Messages extends OutputStream {
        private final SrtSender sender;

        Messages(SrtSender sender) {
            this.sender = sender;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            for (int at = off; at < off + len; at += MAX_MESSAGE) sender.send(Arrays.copyOfRange(b, at, Math.min(off + len, at + MAX_MESSAGE)));
        }
    }
}

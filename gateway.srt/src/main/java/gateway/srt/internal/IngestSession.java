package gateway.srt.internal;

import gateway.api.event.GatewayEvent;
import gateway.api.event.GatewayEvents;
import gateway.api.stream.StreamEndedException;
import gateway.api.stream.StreamFormat;
import gateway.api.stream.StreamPublisher;
import gateway.api.stream.StreamRegistry;
import gateway.api.stream.StreamSpec;
import gateway.lib.metrics.FixedBucketHistogram;
import gateway.lib.ogg.OggFormatException;
import gateway.lib.ogg.OggPage;
import gateway.lib.ogg.OggPageReader;
import gateway.lib.ogg.OpusDemuxer;
import gateway.lib.ogg.OpusHead;
import gateway.lib.ogg.OpusTags;
import gateway.lib.srt.SrtClosedException;
import gateway.lib.srt.SrtConnection;
import gateway.lib.srt.SrtMessage;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One SRT caller's stream: Ogg pages from its messages, Opus packets from the pages, into a live
 * stream in the registry. Input that is not Ogg/Opus ends this stream with the reason; nothing else.
 */
final class IngestSession implements OpusDemuxer.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(IngestSession.class);

    private final SrtConnection connection;
    private final Reservation reservation;
    private final StreamRegistry registry;
    private final GatewayEvents events;
    private final FixedBucketHistogram deliveryDelays;
    private final FixedBucketHistogram releaseDelays;
    private final Runnable onEnd;
    private StreamPublisher publisher;

    IngestSession(SrtConnection connection, Reservation reservation, StreamRegistry registry, GatewayEvents events,
                  IngestTotals totals, Runnable onEnd) {
        this.connection = connection;
        this.reservation = reservation;
        this.registry = registry;
        this.events = events;
        this.deliveryDelays = totals.deliveryDelays();
        this.releaseDelays = totals.releaseDelays();
        this.onEnd = onEnd;
    }

    void run() {
        events.publish(GatewayEvent.now(IngestEvents.SRT_CONNECTED, Map.of("event", reservation.event().toString(),
                "peer", connection.peer().toString(), "streamId", connection.streamId())));
        OggPageReader reader = new OggPageReader();
        OpusDemuxer demuxer = new OpusDemuxer(this);
        SessionEnd end;
        String detail;
        try {
            while (true) {
                SrtMessage m = connection.receive(Duration.ofSeconds(1));
                if (m == null) continue;
                for (OggPage page : reader.feed(m.payload(), 0, m.payload().length)) demuxer.accept(page);
                if (m.dueNanos() != 0) {
                    deliveryDelays.observeMicros((System.nanoTime() - m.dueNanos()) / 1000);
                    if (m.releasedNanos() != 0) releaseDelays.observeMicros((m.releasedNanos() - m.dueNanos()) / 1000);
                }
            }
        } catch (SrtClosedException closed) {
            end = SessionEnd.CALLER_DISCONNECTED;
            detail = closed.getMessage();
        } catch (OggFormatException bad) {
            end = SessionEnd.INVALID_INPUT;
            detail = bad.getMessage();
        } catch (InterruptedException e) {
            end = SessionEnd.INGEST_STOPPED;
            detail = null;
        } catch (StreamEndedException e) {
            end = SessionEnd.STREAM_ENDED;
            detail = e.reason();
        } catch (RuntimeException e) {
            end = SessionEnd.INTERNAL_ERROR;
            detail = e.toString();
            LOG.error("SRT ingest session for event {} failed", reservation.event(), e);
        }
        if (end != SessionEnd.CALLER_DISCONNECTED) connection.close();
        String reason = end.reason(detail);
        if (publisher == null) {
            reason = reason + (reader.pages() == 0 ? "; no Ogg data arrived" : "; no Opus headers arrived");
        } else if (end == SessionEnd.STREAM_ENDED) {
            // nothing to end: the stream has its reason already
        } else if (end.failure()) {
            publisher.fail(reason);
        } else {
            publisher.end(reason);
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("event", reservation.event().toString());
        data.put("stream", publisher == null ? null : publisher.stream().id());
        data.put("reason", reason);
        data.put("stats", connection.stats());
        events.publish(GatewayEvent.now(IngestEvents.SRT_DISCONNECTED, data));
        LOG.info("SRT stream for event {} ended: {}", reservation.event(), reason);
        onEnd.run();
    }

    @Override
    public void onHeaders(OpusHead head, OpusTags tags) {
        Map<String, String> metadata = new HashMap<>(tags.asMap());
        if (publisher == null) {
            metadata.put("event", reservation.event().toString());
            metadata.put("record", String.valueOf(reservation.record()));
            metadata.put("encoder", tags.vendor());
            if (!connection.streamId().isEmpty()) metadata.put("srt.streamId", connection.streamId());
            StreamFormat format = head.channels() == 1 ? StreamFormat.OPUS_48K_MONO : new StreamFormat("opus", 48_000, head.channels());
            publisher = registry.open(new StreamSpec("srt", format, metadata));
            publisher.setCodecHeaders(List.of(ByteBuffer.wrap(head.raw()), ByteBuffer.wrap(tags.raw())));
        } else {
            publisher.setCodecHeaders(List.of(ByteBuffer.wrap(head.raw()), ByteBuffer.wrap(tags.raw())));
            publisher.updateMetadata(metadata); // a chained stream: new tags
        }
    }

    @Override
    public void onPacket(long timestampMicros, long durationMicros, byte[] packet) {
        if (publisher != null) publisher.send(timestampMicros, durationMicros, ByteBuffer.wrap(packet));
    }
}

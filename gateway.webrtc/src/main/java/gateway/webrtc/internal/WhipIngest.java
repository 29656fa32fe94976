package gateway.webrtc.internal;

import gateway.api.event.GatewayEvent;
import gateway.api.event.GatewayEvents;
import gateway.api.http.ProblemException;
import gateway.api.stream.StreamFormat;
import gateway.api.stream.StreamPublisher;
import gateway.api.stream.StreamRegistry;
import gateway.api.stream.StreamSpec;
import gateway.api.webrtc.WebRtcPublishing;
import gateway.lib.rtc.AudioDirection;
import gateway.lib.rtc.LocalAudio;
import gateway.lib.rtc.MediaDescription;
import gateway.lib.rtc.RtcPeer;
import gateway.lib.rtc.SdpException;
import gateway.lib.rtc.SessionDescription;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * WebRTC publishing into the stream registry without decoding ({@code POST /rtc/whip}, WHIP): each publisher's Opus
 * packets become a live stream (origin {@code webrtc}) as the publisher sent them, so handlers — the recorder, WHEP
 * listeners — get the publisher's own packets.
 */
@Component(service = WhipIngest.class, immediate = true)
public final class WhipIngest implements WhipPublisher.Host {
    static final String STARTED = "rtc-publish-started";
    static final String CONNECTED = "rtc-publish-connected";
    static final String ENDED = "rtc-publish-ended";
    private static final Logger LOG = LoggerFactory.getLogger(WhipIngest.class);

    private final StreamRegistry registry;
    private final GatewayEvents events;
    private final RtcPort port;
    private final Map<String, WhipPublisher> publishers = new ConcurrentHashMap<>();
    private final Map<String, WebRtcPublishing.Listener> watchers = new ConcurrentHashMap<>();
    private final LongAdder started = new LongAdder();
    private final LongAdder packetsOfEnded = new LongAdder();

    @Activate
    public WhipIngest(@Reference StreamRegistry registry, @Reference GatewayEvents events,
                      @Reference(policyOption = ReferencePolicyOption.GREEDY) RtcPort port) {
        this.registry = registry;
        this.events = events;
        this.port = port;
    }

    @Deactivate
    void deactivate() {
        for (WhipPublisher p : List.copyOf(publishers.values())) p.end("stopped", "the WebRTC plugin stopped or was reconfigured");
    }

    /** The answer and the stream it feeds. */
    record Started(String streamId, String answer) {}

    /**
     * Answers a publisher's offer and opens its live stream.
     *
     * @param name the {@code name} metadata of the stream, or null
     * @throws ProblemException 400 the offer is not usable, 503 the transport is full
     */
    Started start(String offerText, String name) {
        Map<String, String> metadata = new LinkedHashMap<>();
        if (name != null && !name.isBlank()) metadata.put("name", name);
        return start(offerText, metadata, null).started();
    }

    /** A publisher started for another plugin, with the listener told of its end. */
    record Watched(Started started, WhipPublisher publisher) {}

    /**
     * Answers an offer and opens a live stream with the given metadata.
     *
     * @param watcher told when the publisher connects and ends, or null
     */
    Watched start(String offerText, Map<String, String> streamMetadata, WebRtcPublishing.Listener watcher) {
        SessionDescription offer;
        try {
            offer = SessionDescription.parse(offerText);
        } catch (SdpException e) {
            throw new ProblemException(400, "Offer not acceptable", "the offer is not valid SDP: " + e.getMessage());
        }
        int channels = stereo(offer) ? 2 : 1;
        WhipPublisher publisher = new WhipPublisher(this);
        RtcPeer peer;
        try {
            peer = port.transport().newPeer(publisher);
        } catch (IllegalStateException full) {
            throw new ProblemException(503, "Too many peers", "the WebRTC transport is full; try again later");
        }
        String answer;
        try {
            answer = peer.answer(offer, new LocalAudio(AudioDirection.RECEIVE, channels)).toString();
        } catch (SdpException e) {
            peer.close();
            throw new ProblemException(400, "Offer not acceptable", e.getMessage());
        }
        Map<String, String> metadata = new LinkedHashMap<>(streamMetadata);
        StreamPublisher stream = registry.open(new StreamSpec("webrtc",
                channels == 2 ? StreamFormat.OPUS_48K_STEREO : StreamFormat.OPUS_48K_MONO, metadata));
        stream.setCodecHeaders(List.of(OpusFrames.head(channels), OpusFrames.tags("gateway WebRTC ingest")));
        publisher.start(peer, stream, offer.attribute("ice-ufrag").orElseGet(() ->
                offer.media().isEmpty() ? null : offer.attribute(offer.media().get(0), "ice-ufrag").orElse(null)));
        publishers.put(publisher.id(), publisher);
        if (watcher != null) watchers.put(publisher.id(), watcher);
        started.increment();
        publish(STARTED, publisher, Map.of());
        LOG.info("WebRTC publishing: stream {} opened for a WHIP publisher", publisher.id());
        return new Watched(new Started(publisher.id(), answer), publisher);
    }

    /** @throws ProblemException 404 if no publisher feeds that stream */
    WhipPublisher get(String streamId) {
        WhipPublisher p = publishers.get(streamId);
        if (p == null || p.isEnded()) throw ProblemException.notFound("no WebRTC publisher of stream '" + streamId + "'");
        return p;
    }

    /** @return publishers running now */
    int open() {
        return publishers.size();
    }

    /** @return publishers started since this component was activated */
    long started() {
        return started.sum();
    }

    /** @return Opus packets received from publishers since this component was activated */
    long packets() {
        long n = packetsOfEnded.sum();
        for (WhipPublisher p : publishers.values()) n += p.packets();
        return n;
    }

    @Override
    public void connected(WhipPublisher publisher) {
        publish(CONNECTED, publisher, Map.of());
        WebRtcPublishing.Listener w = watchers.get(publisher.id());
        if (w != null) notify(() -> w.connected());
    }

    @Override
    public void ended(WhipPublisher publisher, String cause, String reason) {
        if (publishers.remove(publisher.id(), publisher)) {
            packetsOfEnded.add(publisher.packets());
            publish(ENDED, publisher, Map.of("cause", cause, "reason", reason, "packets", publisher.packets()));
            LOG.info("WebRTC publishing: stream {} ended ({}): {}; {} packets", publisher.id(), cause, reason, publisher.packets());
            WebRtcPublishing.Listener w = watchers.remove(publisher.id());
            if (w != null) notify(() -> w.ended(cause, reason));
        }
    }

    /** Another plugin's listener fails on its own. */
    private static void notify(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.warn("A WebRTC publication listener failed", e);
        }
    }

    private void publish(String type, WhipPublisher p, Map<String, Object> more) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("stream", p.id());
        data.putAll(more);
        try {
            events.publish(GatewayEvent.now(type, data));
        } catch (RuntimeException e) {
            LOG.error("WebRTC publishing: publishing {} failed", type, e);
        }
    }

    /** @return whether the offer's Opus format says the publisher sends stereo ({@code stereo=1}) */
    private static boolean stereo(SessionDescription offer) {
        for (MediaDescription m : offer.media()) {
            for (String fmtp : m.attributes("fmtp")) if (fmtp.replace(" ", "").contains("stereo=1")) return true;
        }
        return false;
    }
}

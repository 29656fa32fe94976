package gateway.rooms.internal;

import gateway.api.rooms.IngressFeed;
import gateway.api.rooms.IngressFeedListener;
import gateway.api.rooms.IngressFeedSettings;
import gateway.api.rooms.IngressFeeds;
import gateway.api.rooms.IngressPushRequest;
import gateway.api.rooms.IngressSrtGate;
import gateway.api.rooms.IngressSrtSettings;
import gateway.api.rooms.RoomService;
import gateway.api.stream.StreamRegistry;
import gateway.lib.srt.SrtConnection;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SRT and URL inputs of ingresses ({@link OggFeed}, by ingress id) and the SRT listener their encoders call,
 * held beside the rooms so that an update of the ingress plugin leaves them running. It references neither the
 * WebRTC transport nor the ingress plugin (whose {@link IngressSrtGate} is optional and dynamic), so that an update of
 * either leaves these inputs running. Immediate for the same reason as {@link RoomDirectory}. Ends its feeds and
 * closes the listener when it stops; a bundle that is uninstalled for good takes the feeds it started and the listener
 * it opened with it.
 */
@Component(service = IngressFeeds.class, immediate = true)
public final class IngressFeedService implements IngressFeeds {
    private static final Logger LOG = LoggerFactory.getLogger(IngressFeedService.class);
    private final RoomService rooms;
    private final StreamRegistry registry;
    private final ToLongFunction<Object> ownerOf;
    private final Map<String, OggFeed> feeds = new ConcurrentHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).followRedirects(HttpClient.Redirect.NORMAL).build();
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("ingress-idle-watchdog").daemon().factory());
    private final UninstalledBundles uninstalls;
    private volatile IngressSrtGate gate;
    /** The bundle of the last gate registered: its uninstallation closes the SRT listener. */
    private volatile long gateOwner = -1;
    /** How the SRT callers' feeds run (their idle timeout), as last asked. */
    private volatile IngressFeedSettings srtFeed;
    private SrtIngressListener srt;

    /**
     * @param rooms    the rooms
     * @param registry the live streams
     * @param context  the bundle's context, to hear of uninstalled bundles
     */
    @Activate
    public IngressFeedService(@Reference RoomService rooms, @Reference StreamRegistry registry, BundleContext context) {
        this(rooms, registry, UninstalledBundles::bundleOf, context);
    }

    /** @param ownerOf the id of the bundle whose class a listener is (its uninstallation ends the feeds it started) */
    IngressFeedService(RoomService rooms, StreamRegistry registry, ToLongFunction<Object> ownerOf, BundleContext context) {
        this.rooms = rooms;
        this.registry = registry;
        this.ownerOf = ownerOf;
        watchdog.scheduleWithFixedDelay(this::checkIdle, 1, 1, TimeUnit.SECONDS);
        this.uninstalls = new UninstalledBundles(context, b -> endStartedBy(b.getBundleId(), "the ingress plugin " + b.getSymbolicName() + " was uninstalled"));
    }

    /** @param g the ingress plugin's gate, registered */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void setGate(IngressSrtGate g) {
        gateOwner = ownerOf.applyAsLong(g);
        gate = g;
    }

    void unsetGate(IngressSrtGate g) {
        if (gate == g) gate = null;
    }

    /**
     * Ends the feeds the bundle started and closes the SRT listener it opened: a bundle uninstalled for good takes them
     * with it (an update or a stop does not). @return how many feeds
     */
    int endStartedBy(long bundleId, String reason) {
        int n = 0;
        for (OggFeed f : List.copyOf(feeds.values())) {
            if (f.owner == bundleId) {
                f.stop(reason, false);
                n++;
            }
        }
        synchronized (this) {
            if (srt != null && gateOwner == bundleId) closeSrt();
        }
        if (n > 0) LOG.info("Ended {} ingress feeds: {}", n, reason);
        return n;
    }

    @Deactivate
    void deactivate() {
        uninstalls.close();
        watchdog.shutdownNow();
        closeSrt();
        for (OggFeed f : List.copyOf(feeds.values())) f.stop("the rooms service stopped", false);
        http.shutdownNow(); // its selector thread would outlive the bundle
    }

    @Override
    public IngressFeed pull(IngressPushRequest who, String url, IngressFeedSettings settings, IngressFeedListener listener) {
        check(who, listener);
        if (settings == null) throw new IllegalArgumentException("an ingress feed needs its settings");
        URI uri = pullUri(url);
        ByteSource source = "srt".equalsIgnoreCase(uri.getScheme()) ? SrtPullSource.of(uri, settings.connectTimeout())
                : new HttpSource(http, uri, settings.connectTimeout());
        OggFeed feed = start(who, listener, false, source, settings);
        if (feed == null) throw new IllegalStateException("ingress " + who.ingressId() + " has an input already");
        return feed.snapshot();
    }

    @Override
    public void checkPull(String url) {
        URI uri = pullUri(url);
        if ("srt".equalsIgnoreCase(uri.getScheme())) SrtPullSource.of(uri, Duration.ofSeconds(1));
    }

    private static URI pullUri(String url) {
        if (url == null || url.isBlank()) throw new IllegalArgumentException("url is required");
        URI uri;
        try {
            uri = URI.create(url.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("url is not a URL: " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("srt") && (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null)) {
            throw new IllegalArgumentException("url must be an http(s):// URL serving Ogg/Opus or an srt://host:port listener sending it");
        }
        return uri;
    }

    private static void check(IngressPushRequest who, IngressFeedListener listener) {
        if (who == null || blank(who.ingressId()) || blank(who.room()) || blank(who.identity()) || listener == null) {
            throw new IllegalArgumentException("an ingress feed needs an ingress, a room, an identity and a listener");
        }
    }

    @Override
    public synchronized int listenSrt(IngressSrtSettings settings) throws IOException {
        if (settings == null || settings.feed() == null) throw new IllegalArgumentException("the SRT listener needs its settings");
        srtFeed = settings.feed();
        if (srt != null && srt.matches(settings)) return srt.port();
        closeSrt();
        srt = new SrtIngressListener(settings, () -> gate, feeds::containsKey, this::admitted);
        LOG.info("SRT ingresses listen on udp port {}", srt.port());
        return srt.port();
    }

    @Override
    public synchronized void closeSrt() {
        SrtIngressListener s = srt;
        srt = null;
        if (s == null) return;
        for (OggFeed f : List.copyOf(feeds.values())) if (f.srtCaller) f.stop("the SRT ingresses' listener closed", false);
        s.close();
    }

    /** Starts the feed of an admitted SRT caller. @return false when the ingress has a feed already */
    private boolean admitted(SrtConnection c, IngressSrtGate.Admission a) {
        SrtIngressListener s;
        synchronized (this) {
            s = srt;
        }
        if (s == null || a == null || a.listener() == null) return false;
        check(a.who(), a.listener());
        if (start(a.who(), a.listener(), true, new SrtSource(c), srtFeed) != null) return true;
        a.listener().ended(true, "the ingress has an input already");
        return false;
    }

    /** Starts a feed unless the ingress has one. @return the feed, or null when the ingress has one already */
    private OggFeed start(IngressPushRequest who, IngressFeedListener listener, boolean srtCaller, ByteSource source, IngressFeedSettings settings) {
        OggFeed feed = new OggFeed(who, ownerOf.applyAsLong(listener), srtCaller, source, settings, listener, rooms, registry, this::gone);
        if (feeds.putIfAbsent(who.ingressId(), feed) != null) return null;
        feed.start();
        return feed;
    }

    @Override
    public Optional<IngressFeed> follow(String ingressId, IngressFeedListener listener) {
        OggFeed f = ingressId == null ? null : feeds.get(ingressId);
        return f == null ? Optional.empty() : Optional.ofNullable(f.follow(listener));
    }

    @Override
    public List<IngressFeed> feeds() {
        List<IngressFeed> out = new ArrayList<>();
        for (OggFeed f : feeds.values()) out.add(f.snapshot());
        return out;
    }

    @Override
    public boolean end(String ingressId, String reason) {
        OggFeed f = ingressId == null ? null : feeds.get(ingressId);
        if (f == null) return false;
        f.stop(reason == null ? "ended" : reason, false);
        return true;
    }

    private void gone(OggFeed f) {
        feeds.remove(f.who.ingressId(), f);
    }

    private void checkIdle() {
        for (OggFeed f : feeds.values()) f.checkIdle();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}

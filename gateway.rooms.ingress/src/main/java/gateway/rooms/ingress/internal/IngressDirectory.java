package gateway.rooms.ingress.internal;

import gateway.api.event.GatewayEvent;
import gateway.api.event.GatewayEvents;
import gateway.api.http.HttpEndpoint;
import gateway.api.rooms.IngressEvent;
import gateway.api.rooms.IngressException;
import gateway.api.rooms.IngressFeed;
import gateway.api.rooms.IngressFeedSettings;
import gateway.api.rooms.IngressFeeds;
import gateway.api.rooms.IngressInfo;
import gateway.api.rooms.IngressInput;
import gateway.api.rooms.IngressPush;
import gateway.api.rooms.IngressRequest;
import gateway.api.rooms.IngressService;
import gateway.api.rooms.IngressSrtGate;
import gateway.api.rooms.IngressSrtSettings;
import gateway.api.rooms.IngressUpdate;
import gateway.api.rooms.RoomService;
import gateway.api.rooms.RoomSessions;
import java.io.IOException;
import java.net.URI;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every ingress of the gateway and their inputs. Ingresses are saved in {@code data/rooms/ingress/}
 * ({@link IngressJournal}) and outlive this component: when it starts again (an update, a restart of the gateway)
 * every ingress is back with its id, stream key and URL. The inputs' media paths are held by the rooms bundle and go
 * on across an update of this plugin: the SRT and URL inputs by {@link IngressFeeds} (its SRT listener asks this
 * component, as {@link IngressSrtGate}, which caller is admitted; while this component is not running a new caller
 * is refused), the WHIP pushes by {@link RoomSessions}. This component lets go of them when it stops and takes them
 * over again when it starts (the feeds here, the pushes through {@link IngressWhipResource} and
 * {@link #takeOverPushes}); an input whose ingress is gone by then is ended, and a URL pull that ran when the gateway
 * stopped pulls again. This component does not reference {@link RoomSessions} itself, so that an update of the WebRTC
 * transport (which ends the WHIP pushes anyway) leaves the SRT and URL inputs running.
 */
@Component(service = {IngressService.class, IngressDirectory.class, IngressSrtGate.class}, immediate = true, configurationPid = IngressDirectory.PID)
@Designate(ocd = IngressDirectory.Config.class)
public final class IngressDirectory implements IngressService, IngressSrtGate {
    static final String PID = "gateway.rooms.ingress";
    private static final Logger LOG = LoggerFactory.getLogger(IngressDirectory.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    /** Limits and addresses of the ingresses. */
    @ObjectClassDefinition(name = "Gateway rooms: ingress", description = "Sources outside the gateway that join rooms: WHIP and SRT pushes, HTTP(S) Ogg/Opus pulls.")
    public @interface Config {
        @AttributeDefinition(description = "The gateway's address as pushers reach it, e.g. https://gw.example.org, used in the ingresses' "
                + "URLs (WHIP: <publicUrl>/rtc/ingress/whip, SRT: srt://<its host>:<srtPort>); empty = http://<HTTP host>:<HTTP port>.")
        String publicUrl() default "";

        @AttributeDefinition(description = "UDP port of the SRT ingresses' listener; 0 = any free port (the ingresses' URLs name it); -1 = no SRT ingresses.")
        int srtPort() default 0;

        @AttributeDefinition(description = "Bind address of the SRT ingresses' listener.")
        String srtHost() default "0.0.0.0";

        @AttributeDefinition(description = "SRT receiver latency in milliseconds (the larger of this and the caller's wins).")
        int srtLatencyMillis() default 120;

        @AttributeDefinition(description = "Ingresses the gateway holds at most.")
        int maxIngresses() default 100;

        @AttributeDefinition(description = "Seconds an Ogg input (URL pull, SRT push) may send nothing before it ends in ENDPOINT_ERROR.")
        int idleTimeoutSeconds() default 10;

        @AttributeDefinition(description = "Seconds a URL ingress waits for the HTTP server's answer or the SRT listener's handshake before its state is ENDPOINT_ERROR.")
        int pullTimeoutSeconds() default 10;
    }

    private final RoomService rooms;
    /** The WHIP ingresses whose push was running when the previous revision stopped, until the pushes are taken over. */
    private final Set<String> unfollowed = ConcurrentHashMap.newKeySet();
    private final IngressFeeds feeds;
    private final GatewayEvents events;
    private final Map<String, Ingress> ingresses = new LinkedHashMap<>();
    private final String publicUrl;
    private final int maxIngresses;
    private final IngressFeedSettings feedSettings;
    /** The SRT listener's UDP port; -1 = no SRT ingresses. */
    private final int srtPort;
    private final IngressJournal journal;
    private volatile boolean stopping;
    private final BooleanSupplier shuttingDown;
    /** Ingresses whose input ended because the plugin or the gateway stops. */
    private final Set<String> interrupted = ConcurrentHashMap.newKeySet();

    /**
     * @param config   the settings
     * @param rooms    the rooms
     * @param feeds    the SRT and URL inputs, held by the rooms bundle
     * @param events   the event bus
     * @param endpoint the HTTP server's address, for the ingresses' URLs
     * @param context  the bundle's context, for the data folder ({@code gateway.data})
     * @throws IOException when the SRT listener cannot be opened
     */
    @Activate
    public IngressDirectory(Config config, @Reference RoomService rooms, @Reference IngressFeeds feeds, @Reference GatewayEvents events,
                            @Reference HttpEndpoint endpoint, BundleContext context) throws IOException {
        this(config, rooms, feeds, events, endpoint, dataFolder(context).resolve("rooms").resolve("ingress"),
                () -> context.getBundle(0).getState() == org.osgi.framework.Bundle.STOPPING);
    }

    /**
     * @param shuttingDown true while the gateway shuts down: the core ends every live stream before the plugins stop,
     *                     and the inputs that end that way are kept as running, to resume at the next start
     */
    IngressDirectory(Config config, RoomService rooms, IngressFeeds feeds, GatewayEvents events, HttpEndpoint endpoint, Path journalFolder,
                     BooleanSupplier shuttingDown) throws IOException {
        this.journal = new IngressJournal(journalFolder);
        this.shuttingDown = shuttingDown;
        this.rooms = rooms;
        this.feeds = feeds;
        this.events = events;
        String host = endpoint.host() == null || endpoint.host().isBlank() || "0.0.0.0".equals(endpoint.host()) ? "127.0.0.1" : endpoint.host();
        String base = config.publicUrl().isBlank() ? "http://" + host + ":" + endpoint.port() : config.publicUrl().trim();
        this.publicUrl = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.maxIngresses = Math.max(1, config.maxIngresses());
        this.feedSettings = new IngressFeedSettings(Duration.ofSeconds(Math.max(1, config.pullTimeoutSeconds())),
                Duration.ofSeconds(Math.max(1, config.idleTimeoutSeconds())));
        if (config.srtPort() < 0) {
            feeds.closeSrt();
            this.srtPort = -1;
        } else {
            this.srtPort = srtListener(config);
        }
        if (srtPort > 0 && config.srtPort() == 0) journal.srtPort(srtPort);
        LOG.info("Ingresses at {}/rtc/ingress/whip (WHIP){}", publicUrl, srtPort < 0 ? "" : " and udp port " + srtPort + " (SRT)");
        restore();
    }

    private static Path dataFolder(BundleContext context) {
        String data = context.getProperty("gateway.data");
        return Path.of(data == null ? "data" : data);
    }

    /**
     * Opens the SRT listener (held by the rooms bundle: after an update it is still open, with its callers); with
     * {@code srtPort} 0 on the port of the last run when it is free, so that saved SRT URLs stay valid.
     *
     * @return its port
     */
    private int srtListener(Config config) throws IOException {
        int last = config.srtPort() == 0 ? journal.srtPort() : 0;
        if (last > 0) {
            try {
                return feeds.listenSrt(srtSettings(config, last));
            } catch (IOException taken) {
                LOG.warn("The SRT ingresses' port of the last run, {}, is taken ({}): SRT ingresses get a new port in their URLs", last, taken.toString());
            }
        }
        return feeds.listenSrt(srtSettings(config, config.srtPort()));
    }

    private IngressSrtSettings srtSettings(Config config, int port) {
        return new IngressSrtSettings(config.srtHost(), port, Duration.ofMillis(config.srtLatencyMillis()), maxIngresses, feedSettings);
    }

    /**
     * The saved ingresses, back: an SRT ingress's URL names the listener's port now, an SRT or URL input that outlived
     * the previous revision is taken over, one whose ingress is gone is ended, and a pull that was running when the
     * gateway stopped starts again.
     */
    private void restore() {
        List<IngressJournal.Entry> saved = journal.load();
        Map<String, IngressFeed> running = new java.util.HashMap<>();
        for (IngressFeed f : feeds.feeds()) running.put(f.ingressId(), f);
        int resumed = 0;
        for (IngressJournal.Entry e : saved) {
            String url = e.url();
            if (e.input() == IngressInput.SRT_INPUT) {
                if (srtPort < 0) {
                    LOG.warn("Ingress {} (SRT) is kept, but takes no caller: SRT ingresses are switched off (srtPort = -1)", e.id());
                } else {
                    url = "srt://" + URI.create(publicUrl).getHost() + ":" + srtPort + "?streamid=" + e.id();
                }
            } else if (e.input() == IngressInput.WHIP_INPUT) {
                url = publicUrl + "/rtc/ingress/whip";
            }
            Ingress ingress = new Ingress(e.id(), e.input(), e.streamKey(), url, e.name(), e.room(), e.identity(), e.participantName(),
                    e.participantMetadata(), e.enabled(), System::currentTimeMillis);
            ingress.createdMs = e.createdMs();
            synchronized (ingresses) {
                ingresses.put(e.id(), ingress);
            }
            if (!url.equals(e.url())) journal.save(ingress.entry());
            if (e.input() == IngressInput.WHIP_INPUT) continue;
            IngressFeed feed = running.remove(e.id());
            if (feed != null) {
                if (new FeedInput(ingress, this, feeds).resume(feed)) resumed++;
            } else if (e.input() == IngressInput.URL_INPUT && e.enabled() && e.running()) {
                LOG.info("Ingress {}: pulling again from {}", e.id(), redacted(url));
                startPull(ingress);
            } else if (e.running()) {
                new FeedInput(ingress, this, feeds).endedUnfollowed();
            }
        }
        for (String gone : running.keySet()) {
            feeds.end(gone, "the ingress was deleted while the ingress plugin was stopped");
            LOG.info("Ingress {} is gone: its input ended", gone);
        }
        if (resumed > 0) LOG.info("{} running SRT and URL inputs taken over", resumed);
        for (IngressJournal.Entry e : saved) if (e.input() == IngressInput.WHIP_INPUT && e.running()) unfollowed.add(e.id());
        if (!saved.isEmpty()) LOG.info("{} saved ingresses restored", saved.size());
    }

    /**
     * Takes over the WHIP pushes that outlived the previous revision of this plugin, ends those whose ingress is gone
     * (deleted, or its file removed, while the plugin was stopped), and completes the WHIP ingresses whose push ended
     * while nobody followed it.
     */
    void takeOverPushes(RoomSessions sessions) {
        Set<String> resumed = new HashSet<>();
        for (IngressPush push : sessions.ingressPushes()) {
            Ingress ingress;
            synchronized (ingresses) {
                ingress = ingresses.get(push.ingressId());
            }
            if (ingress != null && ingress.input() instanceof WhipInput following && push.streamId().equals(following.streamId())) {
                continue; // followed already
            }
            if (ingress == null || ingress.input != IngressInput.WHIP_INPUT) {
                sessions.endIngressPush(push.ingressId(), "removed", "the ingress was deleted while the ingress plugin was stopped");
                LOG.info("Ingress {} is gone: its WHIP push ended", push.ingressId());
            } else if (new WhipInput(ingress, this, sessions).resume(push)) {
                resumed.add(ingress.id);
                journal.save(ingress.entry());
            }
        }
        if (!resumed.isEmpty()) LOG.info("{} running WHIP pushes taken over", resumed.size());
        for (String id : List.copyOf(unfollowed)) {
            unfollowed.remove(id);
            if (resumed.contains(id)) continue;
            Ingress ingress;
            synchronized (ingresses) {
                ingress = ingresses.get(id);
            }
            // the push ended while no revision of the plugin followed it: tell it now
            WhipInput gone = new WhipInput(ingress, this, sessions);
            if (ingress != null && ingress.resume(gone, System.currentTimeMillis())) {
                ended(ingress, gone, false, "the WHIP push ended while the ingress plugin was not running");
            }
        }
    }

    /**
     * Saves every ingress (whether its input runs); the ingresses come back when it starts again. The running inputs
     * go on, unfollowed, for the next revision to take over; when the gateway shuts down they end with the rooms
     * bundle and the WebRTC transport, and a URL pull that ran then pulls again at the next start.
     */
    @Deactivate
    void deactivate() {
        stopping = true;
        boolean gatewayStops = shuttingDown.getAsBoolean();
        List<Ingress> all;
        synchronized (ingresses) {
            all = new ArrayList<>(ingresses.values());
        }
        for (Ingress i : all) {
            IngressJournal.Entry e = i.entry();
            synchronized (ingresses) {
                // under the lock delete() takes: an ingress deleted while the plugin stops is not written back, and its push ends there
                if (ingresses.get(i.id) != i) continue;
                if (i.input == IngressInput.WHIP_INPUT) journal.save(e.running(e.running() && !gatewayStops)); // a push goes on unless the gateway stops
                else if (i.input == IngressInput.SRT_INPUT) journal.save(e.running(e.running() && !gatewayStops)); // an encoder calls again
                else journal.save(interrupted.contains(i.id) ? e.running(true) : e);
            }
            IngressInputSession running = i.delete();
            if (running instanceof WhipInput whip && !gatewayStops) whip.release();
            else if (running instanceof FeedInput feed) feed.release(); // when the gateway stops, the rooms bundle ends it
            else if (running != null) running.stop("the ingress plugin stopped; the ingress is back when it starts again");
        }
    }

    RoomService rooms() {
        return rooms;
    }

    @Override
    public IngressInfo create(IngressRequest r) {
        if (r.input() == null) throw new IngressException(IngressException.Reason.INVALID_ARGUMENT, "inputType is required");
        if (r.input() == IngressInput.RTMP_INPUT) {
            throw new IngressException(IngressException.Reason.UNSUPPORTED, "RTMP ingress is not served: RTMP carries AAC and H.264, which "
                    + "the gateway would have to transcode. Push Opus over WHIP (whip), Ogg/Opus over SRT (srt), or let the gateway "
                    + "pull Ogg/Opus over HTTP(S) or from an SRT listener (url, e.g. an Icecast mount)");
        }
        if (blank(r.room())) throw new IngressException(IngressException.Reason.INVALID_ARGUMENT, "roomName is required");
        if (blank(r.identity())) throw new IngressException(IngressException.Reason.INVALID_ARGUMENT, "participantIdentity is required");
        String url = switch (r.input()) {
            case URL_INPUT -> pullUrl(r.url());
            case WHIP_INPUT -> publicUrl + "/rtc/ingress/whip";
            case SRT_INPUT -> {
                if (srtPort < 0) throw new IngressException(IngressException.Reason.UNSUPPORTED, "SRT ingresses are switched off (srtPort = -1)");
                yield null; // named after the id below
            }
            default -> throw new IllegalStateException();
        };
        String id = random("IN_", 12);
        if (url == null) url = "srt://" + URI.create(publicUrl).getHost() + ":" + srtPort + "?streamid=" + id;
        String key = r.input() == IngressInput.URL_INPUT ? "" : random("", 24);
        Ingress ingress = new Ingress(id, r.input(), key, url, nonNull(r.name()), r.room(), r.identity(), nonNull(r.participantName()),
                nonNull(r.participantMetadata()), r.enabled(), System::currentTimeMillis);
        synchronized (ingresses) {
            if (ingresses.size() >= maxIngresses) {
                throw new IngressException(IngressException.Reason.TOO_MANY, "the gateway holds " + maxIngresses + " ingresses (maxIngresses)");
            }
            ingresses.put(id, ingress);
        }
        LOG.info("Ingress {} ({}) for '{}' in room '{}'", id, r.input(), r.identity(), r.room());
        if (r.input() == IngressInput.URL_INPUT && r.enabled()) startPull(ingress);
        journal.save(ingress.entry());
        return ingress.info();
    }

    private String pullUrl(String url) {
        if (blank(url)) throw new IngressException(IngressException.Reason.INVALID_ARGUMENT, "url is required");
        try {
            feeds.checkPull(url);
        } catch (IllegalArgumentException e) {
            throw new IngressException(IngressException.Reason.INVALID_ARGUMENT, e.getMessage());
        }
        return URI.create(url.trim()).toString();
    }

    /** Starts pulling the URL ingress's source (held by the rooms bundle). */
    private void startPull(Ingress ingress) {
        new FeedInput(ingress, this, feeds).pull(ingress.url, feedSettings);
    }

    @Override
    public IngressInfo update(String ingressId, IngressUpdate update) {
        Ingress ingress = find(ingressId);
        ingress.update(update);
        journal.save(ingress.entry());
        return ingress.info();
    }

    @Override
    public List<IngressInfo> list(String room, String ingressId) {
        List<Ingress> all;
        synchronized (ingresses) {
            all = new ArrayList<>(ingresses.values());
        }
        List<IngressInfo> out = new ArrayList<>();
        for (Ingress i : all) {
            if (!blank(ingressId) && !i.id.equals(ingressId)) continue;
            if (!blank(room) && !room.equals(i.room())) continue;
            out.add(i.info());
        }
        return out;
    }

    @Override
    public IngressInfo delete(String ingressId) {
        Ingress ingress;
        synchronized (ingresses) {
            ingress = ingresses.remove(ingressId);
        }
        if (ingress == null) throw notFound(ingressId);
        journal.delete(ingressId);
        IngressInputSession running = ingress.delete();
        if (running != null) running.stop("the ingress was deleted");
        LOG.info("Ingress {} deleted", ingressId);
        return ingress.info();
    }

    private Ingress find(String ingressId) {
        synchronized (ingresses) {
            Ingress i = ingresses.get(ingressId);
            if (i == null) throw notFound(ingressId);
            return i;
        }
    }

    private static IngressException notFound(String id) {
        return new IngressException(IngressException.Reason.NOT_FOUND, "no ingress '" + id + "'");
    }

    /** @return the WHIP ingress whose stream key this is, or null (compared in constant time) */
    Ingress whipIngress(String streamKey) {
        if (blank(streamKey)) return null;
        byte[] given = streamKey.getBytes(StandardCharsets.UTF_8);
        Ingress found = null;
        synchronized (ingresses) {
            for (Ingress i : ingresses.values()) {
                if (i.input == IngressInput.WHIP_INPUT && MessageDigest.isEqual(given, i.streamKey.getBytes(StandardCharsets.UTF_8))) found = i;
            }
        }
        return found;
    }

    /** @return a new WHIP push to the ingress, not started */
    WhipInput whipInput(Ingress ingress, RoomSessions sessions) {
        return new WhipInput(ingress, this, sessions);
    }

    /** @return the SRT ingress with this id, or null */
    Ingress srtIngress(String id) {
        synchronized (ingresses) {
            Ingress i = ingresses.get(id);
            return i != null && i.input == IngressInput.SRT_INPUT ? i : null;
        }
    }

    @Override
    public Optional<String> passphrase(String streamId) {
        Ingress ingress = srtIngress(streamId);
        if (ingress == null || ingress.busy()) return Optional.empty();
        return Optional.of(ingress.streamKey);
    }

    @Override
    public Optional<Admission> admit(String streamId) {
        Ingress ingress = srtIngress(streamId);
        if (ingress == null || stopping) return Optional.empty();
        Admission a = new FeedInput(ingress, this, feeds).admit();
        if (a != null) changed(ingress);
        return Optional.ofNullable(a);
    }

    /** An input took the ingress (buffering). */
    void changed(Ingress ingress) {
        // the state is read by list(); no webhook for buffering, as LiveKit sends none
    }

    /** An input of the ingress publishes its track now. */
    void started(Ingress ingress) {
        if (!stopping) journal.save(ingress.entry());
        events.publish(GatewayEvent.now(IngressEvent.INGRESS_STARTED, new IngressEvent(IngressEvent.INGRESS_STARTED, forEvents(ingress.info()))));
    }

    /** The ingress as events show it: they reach the public {@code /sse}, so without its stream key or a passphrase in its URL. */
    static IngressInfo forEvents(IngressInfo i) {
        return new IngressInfo(i.ingressId(), i.name(), "", redacted(i.url()), i.input(), i.room(), i.identity(), i.participantName(),
                i.participantMetadata(), i.enabled(), i.reusable(), i.state());
    }

    /** @return the URL without the value of a {@code passphrase} parameter or user information */
    static String redacted(String url) {
        return url.replaceAll("(?i)([?&]passphrase=)[^&]*", "$1REDACTED").replaceAll("^([a-zA-Z][a-zA-Z0-9+.-]*://)[^/@?#]*@", "$1");
    }

    /** An input of the ingress ended. */
    void ended(Ingress ingress, IngressInputSession s, boolean failed, String why) {
        if (ingress.ended(s, failed, why)) {
            if (shuttingDown.getAsBoolean()) stopping = true; // the gateway ends every stream first: the inputs resume at the next start
            if (stopping && s instanceof FeedInput) interrupted.add(ingress.id); // saved as running by deactivate(): it resumes
            else if (!ingress.deleted()) journal.save(ingress.entry());
            events.publish(GatewayEvent.now(IngressEvent.INGRESS_ENDED, new IngressEvent(IngressEvent.INGRESS_ENDED, forEvents(ingress.info()))));
        }
    }

    private static String random(String prefix, int n) {
        StringBuilder s = new StringBuilder(prefix);
        for (int i = 0; i < n; i++) s.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        return s.toString();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }
}

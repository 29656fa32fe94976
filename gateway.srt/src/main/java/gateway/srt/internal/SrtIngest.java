package gateway.srt.internal;

import gateway.api.event.GatewayEvent;
import gateway.api.event.GatewayEvents;
import gateway.api.http.HttpEndpoint;
import gateway.api.stream.StreamRegistry;
import gateway.lib.srt.SrtConnection;
import gateway.lib.srt.SrtListener;
import gateway.lib.srt.SrtListenerOptions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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
 * The SRT ingest gate: grants reservations, listens for SRT callers, admits only a caller that uses an
 * unexpired reservation's token as passphrase (and its event id as stream id, when it sends one; see
 * {@link CallerAdmission}), and turns each connection into a live stream.
 */
@Component(service = SrtIngest.class, immediate = true, configurationPid = "gateway.srt")
@Designate(ocd = SrtIngest.Config.class)
public final class SrtIngest {
    private static final Logger LOG = LoggerFactory.getLogger(SrtIngest.class);

    @ObjectClassDefinition(name = "SRT ingest", description = "Reservations and the SRT listener")
    public @interface Config {
        @AttributeDefinition(description = "UDP port of the SRT listener; 0 = the same number as the HTTP port, following it when it changes")
        int port() default 0;

        @AttributeDefinition(description = "Bind address of the SRT listener")
        String host() default "0.0.0.0";

        @AttributeDefinition(description = "Streams that may be reserved or live at once (1: a radio gate)")
        int maxStreams() default 1;

        @AttributeDefinition(description = "Seconds a reservation waits for its caller before it lapses")
        int reservationTimeoutSeconds() default 60;

        @AttributeDefinition(description = "SRT receiver latency in milliseconds (the larger of this and the caller's wins)")
        int latencyMillis() default 120;

        @AttributeDefinition(description = "Seconds without a packet before a caller counts as gone")
        int peerIdleTimeoutSeconds() default 5;
    }

    private final StreamRegistry registry;
    private final GatewayEvents events;
    private final IngestTotals totals;
    private final ReservationBook book;
    private final CallerAdmission admission;
    private final SrtListener listener;
    private final int port;
    /** Whether {@link #port} is the HTTP port's number (configured 0), so that it moves when the HTTP server moves. */
    private final boolean followsHttpPort;
    private final ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("srt-ingest-housekeeping").daemon().factory());
    private final Thread acceptor;
    private volatile boolean running = true;

    @Activate
    public SrtIngest(@Reference StreamRegistry registry, @Reference GatewayEvents events, @Reference HttpEndpoint http,
                     @Reference IngestTotals totals, Config config) throws IOException {
        this.registry = registry;
        this.events = events;
        this.totals = totals;
        Duration reservationTimeout = Duration.ofSeconds(Math.max(1, config.reservationTimeoutSeconds()));
        this.book = new ReservationBook(Clock.systemUTC(), config.maxStreams(), reservationTimeout);
        // 0: the HTTP port's number; the static reference reactivates this component when the HTTP address moves
        this.followsHttpPort = config.port() <= 0;
        this.port = followsHttpPort ? http.port() : config.port();
        SrtListenerOptions options = new SrtListenerOptions(new InetSocketAddress(config.host(), port),
                Duration.ofMillis(config.latencyMillis()), Duration.ofSeconds(Math.max(1, config.peerIdleTimeoutSeconds())),
                1024, Math.max(1, config.maxStreams()), Math.max(1, config.maxStreams()));
        this.admission = new CallerAdmission(book, totals.refusals());
        this.listener = SrtListener.open(options, admission);
        totals.listening(listener::malformedDatagrams);
        this.acceptor = Thread.ofPlatform().name("srt-ingest-accept").daemon().start(this::acceptLoop);
        housekeeping.scheduleWithFixedDelay(this::expireReservations, 1, 1, TimeUnit.SECONDS);
        LOG.info("SRT ingest listening on udp {}:{} ({} stream(s) at once, reservations lapse after {} s)", config.host(), port,
                book.slots(), reservationTimeout.toSeconds());
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        running = false;
        housekeeping.shutdownNow();
        listener.close();
        totals.stoppedListening();
        acceptor.join(2_000);
    }

    int port() {
        return port;
    }

    /**
     * Whether this ingest still listens where the HTTP server was: the server moves to a new port first, and only
     * then is the address re-published and this component re-created on the new number. A request that arrived on
     * another HTTP port than the one this ingest follows comes from that moment; a reservation taken now would
     * name a port that is about to close.
     *
     * @param httpPort the local port the request arrived on
     * @return true when the ingest follows the HTTP port and has not followed it to {@code httpPort} yet
     */
    boolean behind(int httpPort) {
        return followsHttpPort && httpPort > 0 && httpPort != port;
    }

    Reservation reserve(UUID event, boolean record) throws GateBusyException {
        Reservation r = book.reserve(event, record);
        LOG.info("Reservation for event {} until {}", event, r.expiresAt());
        publishAvailability();
        return r;
    }

    GateAvailability availability() {
        return new GateAvailability(book.currentEvent().map(UUID::toString).orElse(null), book.now().toString());
    }

    /** @return reservations waiting for their caller now */
    int reservationsWaiting() {
        return book.pendingCount();
    }

    /** @return reservations whose caller is streaming now */
    int reservationsLive() {
        return book.liveCount();
    }

    private void publishAvailability() {
        events.publish(GatewayEvent.now(IngestEvents.AVAILABILITY_CHANGED, Map.of("availability", availability())));
    }

    private void acceptLoop() {
        while (running) {
            try {
                SrtConnection c = listener.accept(Duration.ofSeconds(1));
                if (c == null) continue;
                Reservation r = admission.admit(c).orElse(null);
                if (r == null) continue;
                totals.connected(c);
                Thread.ofVirtual().name("srt-ingest-" + r.event()).start(new IngestSession(c, r, registry, events, totals, () -> {
                    totals.disconnected(c);
                    book.release(r);
                    publishAvailability();
                })::run);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.error("SRT ingest accept loop: {}", e.toString(), e);
            }
        }
    }

    private void expireReservations() {
        List<Reservation> lapsed = book.expire();
        totals.lapsed(lapsed.size());
        for (Reservation r : lapsed) LOG.info("Reservation for event {} lapsed unused", r.event());
        if (!lapsed.isEmpty()) publishAvailability();
    }
}

package gateway.rooms.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import gateway.api.event.GatewayEvent;
import gateway.api.event.GatewayEvents;
import gateway.api.rooms.IngressFeed;
import gateway.api.rooms.IngressFeedListener;
import gateway.api.rooms.IngressFeedSettings;
import gateway.api.rooms.IngressPushRequest;
import gateway.api.rooms.IngressSrtGate;
import gateway.api.rooms.IngressSrtSettings;
import gateway.api.rooms.ParticipantInfo;
import gateway.api.stream.LiveStream;
import gateway.core.internal.stream.StreamRegistryService;
import gateway.core.internal.stream.StreamTable;
import gateway.lib.ogg.OggOpusWriter;
import gateway.lib.ogg.OpusHead;
import gateway.lib.ogg.OpusTags;
import gateway.lib.srt.SrtCallerOptions;
import gateway.lib.srt.SrtSender;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.service.component.ComponentContext;

/**
 * The SRT and URL inputs held by the rooms bundle, built directly with the real rooms and the core's live stream
 * registry, pulling Ogg/Opus from a real HTTP server: a feed goes on while no revision of the ingress plugin follows
 * it, a new follower takes it over (and is not told of the publishing it missed), and it ends on request, on the
 * uninstallation of the bundle that started it, and when its source goes silent.
 */
class IngressFeedServiceTest {
    /** A CELT silence frame, 20 ms: what the feed forwards does not need to be audible. */
    private static final byte[] SILENCE = {(byte) 0xF8, (byte) 0xFF, (byte) 0xFE};
    private static final IngressFeedSettings SETTINGS = new IngressFeedSettings(Duration.ofSeconds(5), Duration.ofSeconds(2));
    private final List<GatewayEvent> events = new CopyOnWriteArrayList<>();
    private final GatewayEvents bus = new GatewayEvents() {
        public void publish(GatewayEvent event) { events.add(event); }
        public Subscription subscribe(java.util.function.Consumer<GatewayEvent> listener) { return () -> { }; }
    };
    private final RoomDirectory rooms = new RoomDirectory(RoomDirectoryTest.config(300, 20, 0, 3), bus);
    private final StreamRegistryService registry = new StreamRegistryService(new StreamTable(bus), (ComponentContext) Proxy.newProxyInstance(
            getClass().getClassLoader(), new Class<?>[] {ComponentContext.class}, (proxy, method, args) -> null));
    /** The bundle a listener belongs to: 7 for the first revision's, 8 for another bundle's. */
    private final IngressFeedService feeds = new IngressFeedService(rooms, registry, l -> l instanceof Follower f ? f.bundle : 0, null);
    private final AtomicInteger pages = new AtomicInteger();
    private volatile boolean silent;
    private volatile boolean done;
    private HttpServer server;

    /** What an ingress plugin's revision is told. */
    static final class Follower implements IngressFeedListener {
        final long bundle;
        final List<String> told = new CopyOnWriteArrayList<>();

        Follower(long bundle) {
            this.bundle = bundle;
        }

        @Override
        public void publishing(IngressFeed feed) {
            told.add("publishing " + feed.streamId());
        }

        @Override
        public void ended(boolean failed, String reason) {
            told.add((failed ? "failed: " : "ended: ") + reason);
        }
    }

    @AfterEach
    void stop() {
        done = true;
        feeds.deactivate();
        rooms.deactivate();
        if (server != null) server.stop(0);
    }

    /** An HTTP server sending Ogg/Opus in real time (a page of one 20 ms packet each 20 ms), or nothing while {@link #silent}. */
    private String mount() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/live.ogg", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "application/ogg");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody(); OggOpusWriter ogg = new OggOpusWriter(out, 1, 960)) {
                ogg.writeHeaders(OpusHead.of(1, 312, 48_000), OpusTags.of("test", List.of()));
                out.flush();
                for (int i = 0; i < 3_000 && !done; i++) {
                    if (!silent) {
                        ogg.writePacket(SILENCE);
                        out.flush();
                        pages.incrementAndGet();
                    }
                    Thread.sleep(20);
                }
            } catch (IOException | InterruptedException closed) {
                // the feed closed the connection
            }
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/live.ogg";
    }

    private static void await(BooleanSupplier until, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!until.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError(what + " within 10 s");
            Thread.sleep(20);
        }
    }

    private IngressFeed publishing(String url, Follower first) throws Exception {
        feeds.pull(new IngressPushRequest("IN_pull", "radio", "icecast", "Icecast", ""), url, SETTINGS, first);
        await(() -> !first.told.isEmpty(), "publishing");
        IngressFeed feed = feeds.feeds().get(0);
        assertEquals("publishing " + feed.streamId(), first.told.get(0));
        assertTrue(feed.publishing());
        return feed;
    }

    @Test
    void aFeedGoesOnUnfollowedAndIsTakenOverByTheNextRevision() throws Exception {
        Follower first = new Follower(7);
        IngressFeed before = publishing(mount(), first);
        ParticipantInfo joined = rooms.participant("radio", "icecast");
        assertEquals(ParticipantInfo.Kind.INGRESS, joined.kind());
        assertEquals(before.track().sid(), joined.tracks().get(0).sid());
        LiveStream stream = registry.find(before.streamId()).orElseThrow();
        assertEquals("IN_pull", stream.metadata().get("ingress"));
        assertEquals(before.track().sid(), stream.metadata().get("track"));

        // the first revision stops: the feed goes on, nobody follows it
        assertTrue(feeds.follow("IN_pull", null).isPresent());
        int at = pages.get();
        await(() -> pages.get() > at + 25, "half a second more of the source");
        assertTrue(registry.find(before.streamId()).isPresent(), "the same live stream");

        // the next revision takes it over: the same feed, publishing, and it is not told again
        Follower second = new Follower(7);
        IngressFeed taken = feeds.follow("IN_pull", second).orElseThrow();
        assertEquals(before.streamId(), taken.streamId());
        assertEquals(before.startedAtMs(), taken.startedAtMs());
        assertTrue(taken.publishing());
        assertEquals(List.of(), second.told);
        assertEquals(1, first.told.size(), "the first revision hears nothing more");
        assertThrows(IllegalStateException.class, () -> feeds.pull(new IngressPushRequest("IN_pull", "radio", "x", "", ""), "http://127.0.0.1:1/x",
                SETTINGS, new Follower(7)), "one feed per ingress");

        // deleting the ingress ends it: the participant leaves
        assertTrue(feeds.end("IN_pull", "the ingress was deleted"));
        await(() -> second.told.size() == 1, "the end told");
        assertEquals("ended: the ingress was deleted", second.told.get(0));
        assertTrue(feeds.feeds().isEmpty());
        assertFalse(rooms.room("radio").map(r -> rooms.participants("radio").stream().anyMatch(p -> p.identity().equals("icecast"))).orElse(false));
        assertFalse(feeds.end("IN_pull", "again"));
    }

    @Test
    void uninstallingTheBundleThatStartedAFeedEndsItAndSilenceFailsIt() throws Exception {
        String url = mount();
        Follower first = new Follower(7);
        publishing(url, first);
        assertEquals(0, feeds.endStartedBy(8, "another bundle was uninstalled"));
        assertEquals(1, feeds.feeds().size());
        assertEquals(1, feeds.endStartedBy(7, "the ingress plugin was uninstalled"));
        await(() -> first.told.size() == 2, "the end told");
        assertEquals("ended: the ingress plugin was uninstalled", first.told.get(1));

        Follower again = new Follower(7);
        feeds.pull(new IngressPushRequest("IN_pull", "radio", "icecast", "", ""), url, SETTINGS, again);
        await(() -> !again.told.isEmpty(), "publishing again");
        silent = true;
        await(() -> again.told.size() == 2, "the silent source failing the feed");
        assertTrue(again.told.get(1).startsWith("failed: the URL http://127.0.0.1:") && again.told.get(1).endsWith("sent nothing for 2 s"), again.told.toString());
    }

    /** An encoder calling the SRT listener: Ogg/Opus pages, one per SRT message, in real time until the test ends. */
    private SrtSender encoder(int port, String passphrase) throws IOException {
        SrtSender sender = SrtSender.connect(SrtCallerOptions.to(new InetSocketAddress("127.0.0.1", port)).withStreamId("IN_srt")
                .withPassphrase(passphrase, 16).withConnectTimeout(Duration.ofSeconds(3)));
        OutputStream pagesOut = new OutputStream() {
            @Override
            public void write(int b) {
                throw new UnsupportedOperationException("pages are written whole");
            }

            @Override
            public void write(byte[] b, int off, int len) {
                sender.send(Arrays.copyOfRange(b, off, off + len));
                pages.incrementAndGet();
            }
        };
        Thread.ofVirtual().start(() -> {
            try (OggOpusWriter ogg = new OggOpusWriter(pagesOut, 2, 960)) {
                ogg.writeHeaders(OpusHead.of(1, 312, 48_000), OpusTags.of("test", List.of()));
                while (!done && sender.isOpen()) {
                    ogg.writePacket(SILENCE);
                    Thread.sleep(20);
                }
            } catch (IOException | InterruptedException | RuntimeException stopped) {
                // the test ended, or the listener closed the connection
            }
        });
        return sender;
    }

    @Test
    void theSrtListenerAsksTheGateRegisteredNowAndItsCallersOutliveTheGate() throws Exception {
        String key = "stream-key-0123456789";
        Follower first = new Follower(7);
        IngressSrtGate gate = new IngressSrtGate() {
            @Override
            public Optional<String> passphrase(String streamId) {
                return streamId.equals("IN_srt") ? Optional.of(key) : Optional.empty();
            }

            @Override
            public Optional<Admission> admit(String streamId) {
                return Optional.of(new Admission(new IngressPushRequest(streamId, "radio", "encoder", "", ""), first));
            }
        };
        IngressSrtSettings settings = new IngressSrtSettings("127.0.0.1", 0, Duration.ofMillis(120), 4, SETTINGS);
        int port = feeds.listenSrt(settings);
        assertEquals(port, feeds.listenSrt(new IngressSrtSettings("127.0.0.1", port, Duration.ofMillis(120), 4, SETTINGS)),
                "a new revision asking again finds the same listener");
        assertThrows(IOException.class, () -> encoder(port, key).close(), "no gate (no ingress plugin running): a new caller is refused");

        feeds.setGate(gate);
        assertThrows(IOException.class, () -> encoder(port, "wrong-passphrase-1").close(), "a wrong passphrase is refused");
        SrtSender running = encoder(port, key);
        await(() -> !first.told.isEmpty(), "the SRT caller publishing");
        IngressFeed before = feeds.feeds().get(0);

        // the plugin stops: the running caller goes on, a new one is refused
        feeds.follow("IN_srt", null);
        feeds.unsetGate(gate);
        assertThrows(IOException.class, () -> encoder(port, key).close(), "no gate: refused");
        int at = pages.get();
        await(() -> pages.get() > at + 25, "half a second more from the running caller");
        assertTrue(running.isOpen());

        // the next revision: the same feed, taken over
        Follower second = new Follower(7);
        feeds.setGate(gate);
        IngressFeed taken = feeds.follow("IN_srt", second).orElseThrow();
        assertEquals(before.streamId(), taken.streamId());
        assertTrue(registry.find(before.streamId()).isPresent());

        // closing the listener ends its callers
        feeds.closeSrt();
        await(() -> !second.told.isEmpty(), "the end told");
        assertEquals("ended: the SRT ingresses' listener closed", second.told.get(0));
        assertEquals(1, first.told.size());
        running.close();
    }

    @Test
    void pullUrlsAreCheckedAndTheirErrorsNeverRepeatThePassphrase() {
        feeds.checkPull("srt://127.0.0.1:9000?streamid=live&passphrase=secret-pass-1&pbkeylen=32&latency=200");
        feeds.checkPull("https://icecast.example.org/live.ogg");
        IllegalArgumentException shortPass = assertThrows(IllegalArgumentException.class, () -> feeds.checkPull("srt://127.0.0.1:9000?passphrase=short"));
        assertFalse(shortPass.getMessage().contains("short"), shortPass.getMessage());
        assertThrows(IllegalArgumentException.class, () -> feeds.checkPull("srt://127.0.0.1:9000?passphrase=long-enough-1&pbkeylen=20"));
        assertThrows(IllegalArgumentException.class, () -> feeds.checkPull("srt://host-without-port"));
        assertThrows(IllegalArgumentException.class, () -> feeds.checkPull("rtmp://host/live"));
        assertEquals("the SRT listener 127.0.0.1:9000", SrtPullSource.of(URI.create("srt://127.0.0.1:9000?passphrase=secret-pass-1"),
                Duration.ofSeconds(1)).describe());
        assertEquals("srt://h:1?streamid=x&passphrase=REDACTED", HttpSource.redacted("srt://h:1?streamid=x&passphrase=secret-pass-1"));
    }
}

package gateway.recorder.internal;

import gateway.api.event.GatewayEvents;
import gateway.api.recording.RecordingStorage;
import gateway.api.stream.MediaHandler;
import gateway.api.stream.StreamRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Hashtable;
import java.util.Map;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recorder component: puts the parts together when the bundle starts and takes them apart when it stops.
 * At start it loads the index, repairs what a crash left unfinished ({@link CrashRepair}), starts retention,
 * resumes requested recordings a recorder stop interrupted, and registers the {@link AutoRecordHandler}.
 *
 * <p>Hot swap: when this bundle stops, every file is finished cleanly and marked {@code interrupted}
 * ({@code recorder stopped}); when it starts again, recording resumes on the streams that are still live
 * in a new file whose {@code previous} and {@code gapMillis} say what is missing in between.
 */
@Component(service = Recorder.class, immediate = true, configurationPid = "gateway.recorder")
@Designate(ocd = RecorderConfig.class)
public final class Recorder {
    private static final Logger LOG = LoggerFactory.getLogger(Recorder.class);

    private final BundleContext context;
    private final RecordingSessions sessions;
    private final RecordingIndex index;
    private final RecordingOperations operations;
    private final Retention retention;
    private final ServiceRegistration<MediaHandler> autoHandler;

    /**
     * @param registry the stream registry
     * @param events   the event bus
     * @param storage  where files go, with its service properties
     * @param totals   what the plugin counts, kept across re-creations of this component
     * @param context  the bundle context
     * @param config   the configuration
     * @throws IOException if the index cannot be opened
     */
    @Activate
    public Recorder(@Reference StreamRegistry registry, @Reference GatewayEvents events,
                    @Reference(name = "storage") Map.Entry<Map<String, Object>, RecordingStorage> storage,
                    @Reference RecorderTotals totals, BundleContext context, RecorderConfig config) throws IOException {
        this.context = context;
        RecordingStorage files = storage.getValue();
        Settings settings = Settings.of(config);
        String storageName = String.valueOf(storage.getKey().getOrDefault(RecordingStorage.NAME, "unnamed"));
        this.index = RecordingIndex.open(new IndexFolder(indexDir(context, config.indexDirectory())));
        RecordingEvents recordingEvents = new RecordingEvents(events);
        new CrashRepair(index, files, recordingEvents).run();
        SessionContext sessionContext = new SessionContext(settings, index, files, storageName, recordingEvents,
                new RecordingNames(Clock.systemUTC(), new SecureRandom()), totals);
        this.sessions = new RecordingSessions(sessionContext);
        this.operations = new RecordingOperations(registry, sessions, sessionContext);
        this.retention = new Retention(new RetentionPolicy(settings.maxAgeMillis(), settings.maxTotalBytes()), operations,
                Clock.systemUTC());
        sessions.onEnded(retention::soon);
        operations.resumeRequested();
        this.autoHandler = settings.recordsAutomatically() ? context.registerService(MediaHandler.class,
                new AutoRecordHandler(index, sessions), autoHandlerProperties(settings)) : null;
        LOG.info("Recorder ready: {} recordings in the index, storage '{}'", index.size(), storageName);
    }

    private static Hashtable<String, Object> autoHandlerProperties(Settings settings) {
        Hashtable<String, Object> props = new Hashtable<>(settings.handlerProperties());
        props.put(MediaHandler.TARGET, settings.record());
        return props;
    }

    @Deactivate
    void deactivate() {
        boolean shuttingDown = context.getBundle(0).getState() == Bundle.STOPPING;
        Ending why = shuttingDown ? Ending.GATEWAY_STOPPING : Ending.RECORDER_STOPPED;
        sessions.stopping(why);
        if (autoHandler != null) {
            try {
                autoHandler.unregister();
            } catch (IllegalStateException alreadyGone) {
                // unregistered with the bundle
            }
        }
        // Unregistering the handler returned once its sessions' onDetached finished their files; requested
        // recordings are detached, their files finished, when the registry service is released with this bundle.
        retention.close();
    }

    private static Path indexDir(BundleContext context, String configured) {
        if (!configured.isBlank()) return Path.of(configured);
        String data = context.getProperty("gateway.data");
        return data != null ? Path.of(data, "recordings", "index") : context.getDataFile("index").toPath();
    }

    /** @return recordings in progress now, per mode (every mode present) */
    Map<RecordingMode, Integer> inProgress() {
        return sessions.countByMode();
    }

    /** @return bytes of the finished recordings in the index */
    long storedBytes() {
        return index.storedBytes();
    }

    /** @return the operations the REST resource serves */
    RecordingOperations operations() {
        return operations;
    }
}

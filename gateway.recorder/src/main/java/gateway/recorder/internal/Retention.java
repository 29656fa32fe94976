package gateway.recorder.internal;

import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the {@link RetentionPolicy} on its own thread: every {@linkplain RetentionPolicy#interval interval}
 * (the first pass within five seconds of the start) and after each recording ends.
 */
final class Retention implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Retention.class);

    private final RetentionPolicy policy;
    private final RecordingOperations operations;
    private final Clock clock;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("recorder-retention").daemon().factory());

    /**
     * Starts the periodic passes if the policy deletes anything.
     *
     * @param policy     what to delete
     * @param operations lists and deletes recordings
     * @param clock      the time the policy is applied at
     */
    Retention(RetentionPolicy policy, RecordingOperations operations, Clock clock) {
        this.policy = policy;
        this.operations = operations;
        this.clock = clock;
        if (policy.enabled()) {
            long every = policy.interval().toMillis();
            thread.scheduleWithFixedDelay(this::pass, Math.min(every, 5_000), every, TimeUnit.MILLISECONDS);
        }
    }

    /** Runs a pass soon, e.g. after a recording has ended. */
    void soon() {
        if (!policy.enabled()) return;
        try {
            thread.execute(this::pass);
        } catch (RejectedExecutionException stopping) {
            // the recorder is stopping
        }
    }

    /** Deletes what the policy says now. */
    void pass() {
        try {
            for (RetentionPolicy.Deletion d : policy.due(operations.list(r -> true), clock.instant())) {
                try {
                    operations.delete(d.recording().id(), d.cause(), d.reason());
                    LOG.info("Recording {} deleted ({})", d.recording().id(), d.reason());
                } catch (Exception e) {
                    LOG.warn("Retention could not delete recording {}: {}", d.recording().id(), e.getMessage());
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("Retention pass failed", e);
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}

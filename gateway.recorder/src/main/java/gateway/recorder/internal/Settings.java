package gateway.recorder.internal;

import gateway.api.stream.MediaHandler;
import java.time.Duration;
import java.util.Map;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;

/**
 * The recorder's configuration, read and checked once per activation.
 *
 * @param record        LDAP filter of the streams recorded automatically; empty: only on request
 * @param segmentMillis length of segment files in milliseconds, aligned to the clock (3 600 000 = hourly
 *                      files starting on the hour); 0 = one file per recording
 * @param pageSamples   audio per Ogg page in 48 kHz samples: the most a killed gateway can lose
 * @param syncNanos     interval between syncs to the disk: the most a power failure can lose; 0 = only at the end
 * @param maxAgeMillis  retention: finished recordings older than this are deleted; 0 = keep
 * @param maxTotalBytes retention: oldest finished recordings are deleted while all together exceed this; 0 = no limit
 * @param queue         packets queued per recorded stream (at least 10)
 */
record Settings(String record, long segmentMillis, long pageSamples, long syncNanos, long maxAgeMillis, long maxTotalBytes,
                int queue) {

    /** The recorder's name on the streams' attachment lists. */
    static final String HANDLER_NAME = "recorder";

    /**
     * @param c the configuration
     * @return the checked settings
     * @throws IllegalArgumentException naming the setting that is wrong and why
     */
    static Settings of(RecorderConfig c) {
        Duration segment = Units.duration("segmentDuration", c.segmentDuration());
        Duration page = Units.duration("pageDuration", c.pageDuration());
        Duration sync = Units.duration("syncInterval", c.syncInterval());
        Duration maxAge = Units.duration("maxAge", c.maxAge());
        if (segment.isNegative() || (!segment.isZero() && segment.toMillis() < 1000))
            throw new IllegalArgumentException("segmentDuration: at least 1s (or 0 for one file per recording)");
        if (page.toMillis() < 20 || page.toMillis() > 5000)
            throw new IllegalArgumentException("pageDuration: between 20ms and 5s");
        String record = c.record().trim();
        if (!record.isEmpty()) {
            try {
                FrameworkUtil.createFilter(record);
            } catch (InvalidSyntaxException e) {
                throw new IllegalArgumentException("record: '" + record + "' is not an LDAP filter: " + e.getMessage());
            }
        }
        return new Settings(record, segment.toMillis(), page.toMillis() * 48, sync.toNanos(), maxAge.toMillis(),
                Units.size("maxTotalSize", c.maxTotalSize()), Math.max(10, c.queue()));
    }

    /** @return whether some streams are recorded without being asked */
    boolean recordsAutomatically() {
        return !record.isEmpty();
    }

    /**
     * @return the properties of every attachment the recorder makes, automatic or requested: its name and its
     *         queue length
     */
    Map<String, Object> handlerProperties() {
        return Map.of(MediaHandler.NAME, HANDLER_NAME, MediaHandler.QUEUE_CAPACITY, queue);
    }
}

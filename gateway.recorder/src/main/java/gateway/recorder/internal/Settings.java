package gateway.recorder.internal;

import java.time.Duration;

/**
 * The recorder's configuration, read and checked once per activation.
 *
 * @param segmentMillis length of segment files in milliseconds, aligned to the clock (3 600 000 = hourly
 *                      files starting on the hour); 0 = one file per recording
 * @param pageSamples   audio per Ogg page in 48 kHz samples: the most a killed gateway can lose
 * @param syncNanos     interval between syncs to the disk: the most a power failure can lose; 0 = only at the end
 * @param maxAgeMillis  retention: finished recordings older than this are deleted; 0 = keep
 * @param maxTotalBytes retention: oldest finished recordings are deleted while all together exceed this; 0 = no limit
 */
record Settings(long segmentMillis, long pageSamples, long syncNanos, long maxAgeMillis, long maxTotalBytes) {

    static Settings of(Recorder.Config c) {
        Duration segment = Units.duration("segmentDuration", c.segmentDuration());
        Duration page = Units.duration("pageDuration", c.pageDuration());
        Duration sync = Units.duration("syncInterval", c.syncInterval());
        Duration maxAge = Units.duration("maxAge", c.maxAge());
        if (segment.isNegative() || (!segment.isZero() && segment.toMillis() < 1000))
            throw new IllegalArgumentException("segmentDuration: at least 1s (or 0 for one file per recording)");
        if (page.toMillis() < 20 || page.toMillis() > 5000)
            throw new IllegalArgumentException("pageDuration: between 20ms and 5s");
        return new Settings(segment.toMillis(), page.toMillis() * 48, sync.toNanos(), maxAge.toMillis(),
                Units.size("maxTotalSize", c.maxTotalSize()));
    }
}

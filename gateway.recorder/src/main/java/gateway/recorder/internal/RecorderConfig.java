package gateway.recorder.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The recorder's configuration (PID {@code gateway.recorder}), checked by {@link Settings#of}. */
@ObjectClassDefinition(name = "Recorder")
public @interface RecorderConfig {
    /** @return LDAP filter of the streams recorded automatically; empty: none */
    @AttributeDefinition(description = "Streams recorded automatically (LDAP filter over id, origin, metadata.<key>); empty: only on request")
    String record() default "(metadata.record=true)";

    /** @return segment length, e.g. {@code 1h}; 0 = one file per recording */
    @AttributeDefinition(description = "Split recordings into files of this length, aligned to the clock (e.g. 1h); 0: one file")
    String segmentDuration() default "0";

    /** @return audio per Ogg page: the most a crash of the gateway process can lose */
    @AttributeDefinition(description = "Audio per Ogg page, written to the OS when full (20ms..5s)")
    String pageDuration() default "500ms";

    /** @return interval between syncs to disk: the most a power failure can lose */
    @AttributeDefinition(description = "Interval between fsyncs; 0: only when a file is finished")
    String syncInterval() default "2s";

    /** @return retention by age, e.g. {@code 30d}; 0 = keep */
    @AttributeDefinition(description = "Delete finished recordings older than this (e.g. 30d); 0: keep")
    String maxAge() default "0";

    /** @return retention by size, e.g. {@code 100GB}; 0 = no limit */
    @AttributeDefinition(description = "Delete the oldest finished recordings while all exceed this (e.g. 100GB); 0: no limit")
    String maxTotalSize() default "0";

    /** @return packets queued per recorded stream before a slow disk loses audio */
    @AttributeDefinition(description = "Packets queued per recorded stream (3000 = 60 s of 20 ms Opus)")
    int queue() default 3000;

    /** @return the index folder; empty = {@code <data>/recordings/index} */
    @AttributeDefinition(description = "Index folder; empty: <data>/recordings/index")
    String indexDirectory() default "";

    /** @return LDAP filter selecting the storage service */
    @AttributeDefinition(description = "Storage service filter")
    String storage_target() default "(gateway.recording.storage=file)";
}

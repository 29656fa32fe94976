package gateway.recorder.internal;

import gateway.api.recording.RecordingStorage;

/**
 * What every recording session writes through: the settings, the index, the storage, the event bus, and the
 * totals its writes and endings are counted in.
 *
 * @param settings    the configuration
 * @param index       the recording index
 * @param storage     where files go
 * @param storageName the storage's name, kept in each entry
 * @param events      the recorder's events
 * @param names       ids and object names
 * @param totals      what the plugin counts for its metrics
 */
record SessionContext(Settings settings, RecordingIndex index, RecordingStorage storage, String storageName,
                      RecordingEvents events, RecordingNames names, RecorderTotals totals) {}

package gateway.recorder.internal;

import gateway.api.recording.RecordingStorage;

/**
 * What every recording session writes through: the settings, the index, the storage and the event bus.
 *
 * @param settings    the configuration
 * @param index       the recording index
 * @param storage     where files go
 * @param storageName the storage's name, kept in each entry
 * @param events      the recorder's events
 * @param names       ids and object names
 */
record SessionContext(Settings settings, RecordingIndex index, RecordingStorage storage, String storageName,
                      RecordingEvents events, RecordingNames names) {}

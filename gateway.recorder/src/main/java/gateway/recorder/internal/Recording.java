package gateway.recorder.internal;

import java.time.Instant;

/**
 * One entry of the recording index: one Ogg/Opus file (a segment of a continuous recording). This is
 * also its JSON form on {@code /recordings}.
 *
 * @param id             unique, time-sortable id, e.g. {@code 20261123T104233Z-3f9a1c}
 * @param stream         the live stream recorded
 * @param event          the event id from the stream's metadata, or null
 * @param origin         the plugin that produced the stream, e.g. {@code srt}
 * @param mode           {@code auto} (the stream asked to be recorded) or {@code request} ({@code POST /recordings})
 * @param series         id of the first segment of this continuous recording (equal to {@code id} for the first)
 * @param segment        0 for the first file of a series, then 1, 2, ...
 * @param previous       the file this one continues: the previous segment, or the recording interrupted by a
 *                       recorder restart; null if none
 * @param gapMillis      audio missing between {@code previous} and this file (0 for seamless segments); null without previous
 * @param state          {@code recording}, {@code complete}, {@code interrupted} or {@code failed}
 * @param reason         why it is in that state, for people; null while recording
 * @param start          ISO-8601 instant of its first audio
 * @param end            ISO-8601 instant its audio ends; null while recording
 * @param durationMillis playable audio in milliseconds (granule position minus pre-skip)
 * @param size           bytes of the file
 * @param checksum       {@code sha256:<hex>} of the finished file; null while recording
 * @param packets        Opus packets written
 * @param storage        name of the storage holding the file
 * @param object         the file's name in that storage; null if no audio was ever written
 */
public record Recording(String id, String stream, String event, String origin, RecordingMode mode, String series, int segment,
                        String previous, Long gapMillis, RecordingState state, String reason, String start, String end,
                        long durationMillis, long size, String checksum, long packets, String storage, String object) {

    /**
     * The first file of a new series, before its audio starts.
     *
     * @param id       its id (also the series id)
     * @param stream   the stream
     * @param event    the stream's event, or null
     * @param origin   the stream's origin
     * @param mode     why it is recorded
     * @param previous the file it continues (interrupted by a recorder restart), or null
     * @param storage  the storage's name
     * @return the entry, state {@code recording}
     */
    static Recording first(String id, String stream, String event, String origin, RecordingMode mode, String previous, String storage) {
        return new Recording(id, stream, event, origin, mode, id, 0, previous, null, RecordingState.RECORDING, null, null, null,
                0, 0, null, 0, storage, null);
    }

    /**
     * @param id the next file's id
     * @return the next file of this series, before its audio starts
     */
    Recording next(String id) {
        return new Recording(id, stream, event, origin, mode, series, segment + 1, null, null, RecordingState.RECORDING,
                null, null, null, 0, 0, null, 0, storage, null);
    }

    boolean active() {
        return state == RecordingState.RECORDING;
    }

    /** @return when its audio ends, null while recording */
    Instant endInstant() {
        return end == null ? null : Instant.parse(end);
    }

    Recording progress(long durationMillis, long size, long packets) {
        return new Recording(id, stream, event, origin, mode, series, segment, previous, gapMillis, state, reason, start,
                end, durationMillis, size, checksum, packets, storage, object);
    }

    Recording ended(RecordingState state, String reason, String end, long durationMillis, long size, String checksum, long packets) {
        return new Recording(id, stream, event, origin, mode, series, segment, previous, gapMillis, state, reason, start,
                end, durationMillis, size, checksum, packets, storage, object);
    }

    Recording startedAt(String start, String object, String previous, Long gapMillis) {
        return new Recording(id, stream, event, origin, mode, series, segment, previous, gapMillis, state, reason, start,
                end, durationMillis, size, checksum, packets, storage, object);
    }
}

package gateway.api.rooms;

import java.util.List;

/**
 * An egress as it is at one moment (LiveKit's {@code EgressInfo}).
 *
 * @param egressId    {@code EG_} and 12 letters or digits
 * @param roomSid     the sid of the room it started in
 * @param request     what it records or streams
 * @param status      where it is
 * @param startedAtMs when it became active, milliseconds since the epoch; 0 while starting
 * @param endedAtMs   when it ended; 0 while it runs
 * @param updatedAtMs when its status or outputs last changed
 * @param error       why it failed or was aborted; null otherwise
 * @param details     why it ended or is ending, for people ({@code "stopped by request"}, {@code "room closed"},
 *                    {@code "source ended"}); null while it runs
 * @param stream      the id of its live stream in the registry (the relay or mix that is recorded or streamed); null before it has one
 * @param files       the recordings made of it, oldest first; never null
 * @param streams     the stream outputs, in the order they were added; never null
 */
public record EgressInfo(String egressId, String roomSid, EgressRequest request, EgressStatus status, long startedAtMs,
                         long endedAtMs, long updatedAtMs, String error, String details, String stream, List<File> files, List<StreamOutput> streams) {
    /** Copies the lists. */
    public EgressInfo {
        files = List.copyOf(files == null ? List.of() : files);
        streams = List.copyOf(streams == null ? List.of() : streams);
    }

    /**
     * A recording the recorder made of the egress's stream (LiveKit's {@code FileInfo}).
     *
     * @param recording      the recording's id at {@code /recordings/{id}}
     * @param startedAtMs    its start, milliseconds since the epoch
     * @param endedAtMs      its end; 0 while recording
     * @param durationMillis its audio's duration; 0 while recording
     * @param size           its size in bytes; 0 while recording
     * @param state          the recorder's state of it ({@code recording}, {@code complete}, {@code interrupted}, {@code failed})
     */
    public record File(String recording, long startedAtMs, long endedAtMs, long durationMillis, long size, String state) {
    }

    /**
     * One URL the egress streams to (LiveKit's {@code StreamInfo}).
     *
     * @param url         the URL with its passphrase removed (it is a secret); never null
     * @param status      {@code ACTIVE}, {@code FINISHED} or {@code FAILED}
     * @param startedAtMs when it was added
     * @param endedAtMs   when it was removed or failed; 0 while active
     * @param error       why it failed, or null
     */
    public record StreamOutput(String url, String status, long startedAtMs, long endedAtMs, String error) {
    }
}

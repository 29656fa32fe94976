package gateway.rooms.ingress.internal;

import gateway.api.rooms.IngressInfo;
import gateway.api.rooms.IngressInput;
import gateway.api.rooms.IngressState;
import gateway.api.rooms.IngressStatus;
import gateway.api.rooms.IngressUpdate;
import gateway.api.rooms.TrackInfo;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * One ingress: what it was created with, what it publishes now, and its input (at most one at a time). Every method
 * is synchronised on the ingress; {@link #info()} is a snapshot.
 */
final class Ingress {
    final String id;
    final IngressInput input;
    final String streamKey;
    final String url;
    private final LongSupplier clock;
    private String name;
    private String room;
    private String identity;
    private String participantName;
    private String participantMetadata;
    private boolean enabled;
    private IngressStatus status = IngressStatus.ENDPOINT_INACTIVE;
    private String error = "";
    private String roomSid = "";
    private long startedAt;
    private long endedAt;
    private long updatedAt;
    private String resourceId = "";
    private TrackInfo track;
    private IngressInputSession session;
    private boolean deleted;
    /** When it was created, in ms since the epoch (kept across restarts, for the list's order). */
    volatile long createdMs = System.currentTimeMillis();

    Ingress(String id, IngressInput input, String streamKey, String url, String name, String room, String identity, String participantName,
            String participantMetadata, boolean enabled, LongSupplier clock) {
        this.id = id;
        this.input = input;
        this.streamKey = streamKey;
        this.url = url;
        this.name = name;
        this.room = room;
        this.identity = identity;
        this.participantName = participantName;
        this.participantMetadata = participantMetadata;
        this.enabled = enabled;
        this.clock = clock;
        this.updatedAt = clock.getAsLong();
    }

    synchronized IngressInfo info() {
        IngressState state = new IngressState(status, error, roomSid, startedAt, endedAt, updatedAt, resourceId,
                track == null ? List.of() : List.of(track));
        return new IngressInfo(id, name, streamKey, url, input, room, identity, participantName, participantMetadata, enabled,
                input != IngressInput.URL_INPUT, state);
    }

    /** @return its definition for the journal; {@code running} says whether an input runs now */
    synchronized IngressJournal.Entry entry() {
        return new IngressJournal.Entry(id, input, streamKey, url, name, room, identity, participantName, participantMetadata, enabled,
                createdMs, session != null);
    }

    synchronized String room() {
        return room;
    }

    synchronized void update(IngressUpdate u) {
        if (present(u.name())) name = u.name();
        if (present(u.room())) room = u.room();
        if (present(u.identity())) identity = u.identity();
        if (present(u.participantName())) participantName = u.participantName();
        if (present(u.participantMetadata())) participantMetadata = u.participantMetadata();
        if (u.enabled() != null) enabled = u.enabled();
        updatedAt = clock.getAsLong();
    }

    private static boolean present(String s) {
        return s != null && !s.isEmpty();
    }

    /**
     * Takes a new input if the ingress is free: enabled, not deleted, no input running.
     *
     * @return who the input publishes as, or null when it is refused
     */
    synchronized Participant begin(IngressInputSession s) {
        if (deleted || !enabled || session != null) return null;
        session = s;
        status = IngressStatus.ENDPOINT_BUFFERING;
        error = "";
        startedAt = clock.getAsLong();
        endedAt = 0;
        updatedAt = startedAt;
        resourceId = "";
        track = null;
        return new Participant(room, identity, participantName, participantMetadata);
    }

    /**
     * Takes an input that outlived the previous revision of the plugin (a WHIP push), whether or not the ingress is
     * enabled now: an update applies from the next input on.
     *
     * @param startedAtMs when the input started
     * @return false when the ingress was deleted or has an input
     */
    synchronized boolean resume(IngressInputSession s, long startedAtMs) {
        if (deleted || session != null) return false;
        session = s;
        status = IngressStatus.ENDPOINT_BUFFERING;
        error = "";
        startedAt = startedAtMs;
        endedAt = 0;
        updatedAt = clock.getAsLong();
        resourceId = "";
        track = null;
        return true;
    }

    /** @return the input running now, or null */
    synchronized IngressInputSession input() {
        return session;
    }

    /** @return whether an input is running */
    synchronized boolean busy() {
        return session != null;
    }

    /**
     * The input {@code s} started at this time (when the rooms bundle started it, which a new revision reads again).
     *
     * @param startedAtMs epoch ms
     */
    synchronized void startedAt(IngressInputSession s, long startedAtMs) {
        if (session == s) startedAt = startedAtMs;
    }

    synchronized void publishing(String roomSid, String stream, TrackInfo track) {
        this.roomSid = roomSid == null ? "" : roomSid;
        this.resourceId = stream;
        this.track = track;
        status = IngressStatus.ENDPOINT_PUBLISHING;
        updatedAt = clock.getAsLong();
    }

    /** The input of {@code s} ended; ignored when another input has taken its place. */
    synchronized boolean ended(IngressInputSession s, boolean failed, String why) {
        if (session != s) return false;
        session = null;
        status = failed ? IngressStatus.ENDPOINT_ERROR : IngressStatus.ENDPOINT_COMPLETE;
        error = why == null ? "" : why;
        endedAt = clock.getAsLong();
        updatedAt = endedAt;
        track = null;
        return true;
    }

    /** @return whether it was deleted */
    synchronized boolean deleted() {
        return deleted;
    }

    /** Marks it deleted: it takes no input from now on. @return the input running now, if any, for the caller to stop */
    synchronized IngressInputSession delete() {
        deleted = true;
        return session;
    }

    /** Who an input publishes as: fixed when it starts, so that an update applies from the next input on. */
    record Participant(String room, String identity, String name, String metadata) {
    }
}

package gateway.api.stream;

/**
 * What the registry knows about one handler attached to one stream: a snapshot, taken when asked.
 *
 * @param handler   the handler's name ({@link MediaHandler#NAME} property, else its bundle's symbolic name)
 * @param delivered packets the session's {@link MediaSession#onPacket} has returned from
 * @param dropped   packets that were not delivered to the working session: its queue was full, or they were still
 *                  queued when it was detached or its handler went away
 * @param failed    {@code true} once {@link MediaHandler#attach} or a session callback threw; it receives nothing
 *                  more
 * @param reason    what failed (e.g. {@code "attach failed: IOException: no space left"}), or {@code null}
 * @param id        identifies this attachment among all attachments since the gateway started (a handler that
 *                  re-attaches, e.g. after an update of its bundle, gets a new one); opaque; {@code null} only in
 *                  snapshots made with the five-argument constructor
 * @param state     where the attachment stands; never {@code null}
 */
public record AttachmentInfo(String handler, long delivered, long dropped, boolean failed, String reason,
                             String id, AttachmentState state) {

    /**
     * Fills in a {@code null} state from {@code failed}.
     */
    public AttachmentInfo {
        if (state == null) state = failed ? AttachmentState.FAILED : AttachmentState.ATTACHED;
    }

    /**
     * A snapshot without an id, in state {@link AttachmentState#FAILED} or {@link AttachmentState#ATTACHED}
     * as {@code failed} says (the components of version 1.1).
     *
     * @param handler   the handler's name
     * @param delivered packets delivered
     * @param dropped   packets dropped
     * @param failed    whether it failed
     * @param reason    the failure, or {@code null}
     */
    public AttachmentInfo(String handler, long delivered, long dropped, boolean failed, String reason) {
        this(handler, delivered, dropped, failed, reason, null, null);
    }
}

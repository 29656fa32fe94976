package gateway.api.stream;

/**
 * Where one handler's attachment to one stream stands. Clients of the HTTP API see the states by their
 * {@linkplain #label() labels}.
 *
 * @since 1.2
 */
public enum AttachmentState {
    /**
     * The registry has decided to attach a whiteboard handler and its {@link MediaHandler#attach} has not
     * returned yet. Packets published meanwhile wait in the attachment's queue.
     */
    ATTACHING("attaching"),
    /** The session receives the stream's packets. */
    ATTACHED("attached"),
    /**
     * {@link MediaHandler#attach} or one of the session's callbacks threw; {@link AttachmentInfo#reason()}
     * says what. The session receives no more packets (it still gets its final callback, if it has a session).
     */
    FAILED("failed"),
    /** The stream ended; the session gets (or got) its remaining packets and then {@link MediaSession#onEnd}. */
    ENDED("ended"),
    /**
     * Detached while the stream goes on; the session gets (or got) {@link MediaSession#onDetached}. The stream's
     * attachment list drops a detached attachment at once, so this state is seen only through
     * {@link Attachment#info()}.
     */
    DETACHED("detached");

    private final String label;

    AttachmentState(String label) {
        this.label = label;
    }

    /** @return the state as clients see it in JSON: the lower-case name, e.g. {@code "attached"} */
    public String label() {
        return label;
    }
}

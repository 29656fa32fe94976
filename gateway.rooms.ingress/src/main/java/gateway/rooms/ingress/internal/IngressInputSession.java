package gateway.rooms.ingress.internal;

/** The input an ingress receives now (a WHIP session, an SRT connection, an HTTP pull): what the room may do to it. */
interface IngressInputSession {

    /**
     * Ends the input; idempotent, does not block.
     *
     * @param reason why, for people (it becomes the ingress's state text)
     */
    void stop(String reason);

    /**
     * An administrator muted or unmuted the participant's track: forwarding stops or resumes.
     *
     * @param muted the new state
     */
    void mute(boolean muted);
}

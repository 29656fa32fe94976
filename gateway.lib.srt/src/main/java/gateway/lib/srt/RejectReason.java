package gateway.lib.srt;

/** Handshake rejection reasons, with libsrt's codes (sent as 1000 + code). */
public enum RejectReason {
    /** Unknown or erroneous. */
    UNKNOWN(0),
    /** The application refused the peer (e.g. no reservation for its stream id). */
    PEER(2),
    /** Out of resources (too many connections). */
    RESOURCE(3),
    /** Incorrect data in the handshake. */
    ROGUE(4),
    /** The listener is closing. */
    CLOSE(7),
    /** Wrong passphrase. */
    BADSECRET(10),
    /** Passphrase required or unexpected. */
    UNSECURE(11);

    private final int code;

    RejectReason(int code) {
        this.code = code;
    }

    /** @return libsrt's code */
    public int code() {
        return code;
    }
}

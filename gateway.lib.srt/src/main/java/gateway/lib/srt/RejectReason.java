package gateway.lib.srt;

import java.util.Optional;

/**
 * Why a listener refused a caller in the handshake: libsrt's rejection reasons ({@code SRT_REJ_*}) with
 * their codes and descriptions. On the wire a refusal is a handshake whose type is 1000 + the code.
 * The one table of reasons in this library: the listener sends these codes and the caller reads them.
 */
public enum RejectReason {
    /** Unknown or erroneous. */
    UNKNOWN(0, "unknown"),
    /** An error in the peer's system. */
    SYSTEM(1, "system error"),
    /** The application refused the peer (e.g. no reservation for its stream id). */
    PEER(2, "peer rejected the connection"),
    /** Out of resources (too many connections). */
    RESOURCE(3, "out of resources"),
    /** Incorrect data in the handshake. */
    ROGUE(4, "incorrect data in handshake"),
    /** The listener's backlog is full. */
    BACKLOG(5, "listener backlog full"),
    /** An internal error of the peer. */
    IPE(6, "internal error"),
    /** The listener is closing. */
    CLOSE(7, "socket closing"),
    /** The peer's SRT version is too old. */
    VERSION(8, "version mismatch"),
    /** Rendezvous cookie collision. */
    RDVCOOKIE(9, "rendezvous cookie collision"),
    /** Wrong passphrase. */
    BADSECRET(10, "wrong password"),
    /** Passphrase required or unexpected. This listener also sends it for a passphrase that matches none. */
    UNSECURE(11, "password required or unexpected"),
    /** Message API mismatch (live mode against file mode). */
    MESSAGEAPI(12, "message API mismatch"),
    /** Congestion controller mismatch. */
    CONGESTION(13, "congestion controller mismatch"),
    /** Packet filter mismatch. */
    FILTER(14, "packet filter mismatch"),
    /** Group mismatch. */
    GROUP(15, "group mismatch"),
    /** The handshake timed out. */
    TIMEOUT(16, "timeout"),
    /** Cryptographic failure. */
    CRYPTO(17, "crypto failure");

    private static final RejectReason[] BY_CODE = values();

    private final int code;
    private final String description;

    RejectReason(int code, String description) {
        this.code = code;
        this.description = description;
    }

    /** @return libsrt's code (the wire carries 1000 + code) */
    public int code() {
        return code;
    }

    /** @return what the reason means, in libsrt's words (lower case, for messages) */
    public String description() {
        return description;
    }

    /**
     * @param code a rejection code as received
     * @return the reason with that code; empty for codes outside this table (for example codes an
     *         application defines, 1000 and above in libsrt)
     */
    public static Optional<RejectReason> ofCode(int code) {
        return code >= 0 && code < BY_CODE.length ? Optional.of(BY_CODE[code]) : Optional.empty();
    }
}

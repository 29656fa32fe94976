package gateway.lib.srt;

import java.io.IOException;
import java.util.Optional;

/** The listener refused the connection in the handshake. */
public class SrtRejectedException extends IOException {
    private static final long serialVersionUID = 1L;
    private final int code;

    /**
     * A refusal as the listener sent it; the message is "connection rejected: " and the reason's description.
     *
     * @param code the rejection code received (see {@link RejectReason})
     */
    public SrtRejectedException(int code) {
        super("connection rejected: " + RejectReason.ofCode(code).map(RejectReason::description).orElse("code " + code));
        this.code = code;
    }

    /**
     * A refusal the caller concluded itself from the listener's answer.
     *
     * @param reason  the reason that applies
     * @param message what happened
     */
    public SrtRejectedException(RejectReason reason, String message) {
        super(message);
        this.code = reason.code();
    }

    /** @return the rejection code (libsrt's; a code outside {@link RejectReason} when the peer defined its own) */
    public int code() {
        return code;
    }

    /** @return the reason, empty when the code is not in {@link RejectReason}'s table */
    public Optional<RejectReason> reason() {
        return RejectReason.ofCode(code);
    }
}

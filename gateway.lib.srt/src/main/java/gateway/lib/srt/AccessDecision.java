package gateway.lib.srt;

import java.util.List;
import java.util.Objects;

/**
 * An access control's answer for one caller.
 *
 * @param accept      whether to accept (subject to the passphrase check)
 * @param passphrases candidate passphrases (10–79 characters); the caller must have used one of them.
 *                    Empty: the connection must be unencrypted.
 * @param reject      the refusal reason when {@code accept} is false
 */
public record AccessDecision(boolean accept, List<String> passphrases, RejectReason reject) {

    public AccessDecision {
        passphrases = List.copyOf(Objects.requireNonNull(passphrases));
    }

    /** @return accept an unencrypted connection */
    public static AccessDecision acceptUnencrypted() {
        return new AccessDecision(true, List.of(), null);
    }

    /**
     * @param passphrases the passphrases the caller may have used
     * @return accept if the caller's key material unwraps with one of them
     */
    public static AccessDecision acceptWith(List<String> passphrases) {
        return new AccessDecision(true, passphrases, null);
    }

    /**
     * @param reason why
     * @return refuse in the handshake
     */
    public static AccessDecision reject(RejectReason reason) {
        return new AccessDecision(false, List.of(), reason);
    }
}

package gateway.lib.srt;

/**
 * Decides per incoming connection whether to accept it and with which passphrase(s). Called on the
 * listener's receive thread during the handshake: it must be fast and must not block.
 */
@FunctionalInterface
public interface AccessControl {

    /**
     * @param request the caller, its stream id and whether it encrypts
     * @return the decision
     */
    AccessDecision decide(ConnectionRequest request);
}

package gateway.lib.srt;

/**
 * Decides per incoming connection whether to accept it and with which passphrase(s), and hears about
 * the callers the listener refused after accepting them here. Both methods are called on the listener's
 * receive thread during the handshake: they must be fast and must not block. An exception thrown by
 * either is logged; from {@link #decide} it refuses the caller with {@link RejectReason#PEER}.
 */
@FunctionalInterface
public interface AccessControl {

    /**
     * @param request the caller, its stream id and whether it encrypts
     * @return the decision; null refuses the caller with {@link RejectReason#PEER}
     */
    AccessDecision decide(ConnectionRequest request);

    /**
     * The listener refused a caller although {@link #decide} accepted it: the caller's key material
     * unwrapped with none of the passphrases, it sent none though one was required (or one though none
     * was expected), or the listener had no room for another connection. Not called for the refusals
     * {@link #decide} itself returned, nor for handshakes too malformed to ask it. Does nothing by default.
     *
     * @param request the caller as {@link #decide} saw it
     * @param reason  the reason sent to the caller
     */
    default void refused(ConnectionRequest request, RejectReason reason) {
    }
}

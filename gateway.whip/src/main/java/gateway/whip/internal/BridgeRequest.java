package gateway.whip.internal;

/**
 * A validated {@code POST /stream}.
 *
 * @param srtHost     the SRT listener's host
 * @param srtPort     its UDP port
 * @param srtPassword the passphrase, or null for an unencrypted connection
 * @param stunHost    the STUN server announced to the client
 * @param stunPort    its port
 */
record BridgeRequest(String srtHost, int srtPort, String srtPassword, String stunHost, int stunPort) {

    String srtTarget() {
        return srtHost.contains(":") ? "[" + srtHost + "]:" + srtPort : srtHost + ":" + srtPort;
    }
}

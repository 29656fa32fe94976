package gateway.lib.rtc.internal.dtls;

/** What a DTLS role tells the session it runs in. Called on the handshake's thread. */
interface DtlsOutcome {
    /** The handshake completed; the SRTP keys are exported. */
    void keys(SrtpKeyMaterial keys);

    /** The remote party sent an alert (close_notify included), or the connection closed. */
    void closedByRemote(String why);
}

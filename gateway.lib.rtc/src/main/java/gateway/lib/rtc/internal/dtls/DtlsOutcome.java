package gateway.lib.rtc.internal.dtls;

import gateway.lib.rtc.SrtpProfile;
import java.io.IOException;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.AlertLevel;
import org.bouncycastle.tls.ExporterLabel;
import org.bouncycastle.tls.TlsContext;

/** What a DTLS role tells the session it runs in. Called on the handshake's thread. */
interface DtlsOutcome {
    /** The handshake completed; the SRTP keys are exported. */
    void keys(SrtpKeyMaterial keys);

    /** The remote party sent an alert (close_notify included), or the connection closed. */
    void closedByRemote(String why);

    /**
     * Exports the SRTP keys of a completed handshake (RFC 5764 §4.2) and hands them over with {@link #keys}.
     *
     * @param server whether this side is the DTLS server (its keys are the second half of each pair)
     */
    default void handshakeComplete(TlsContext context, SrtpProfile chosen, boolean server) throws IOException {
        byte[] exported = context.exportKeyingMaterial(ExporterLabel.dtls_srtp, null, SrtpKeyMaterial.exportLength(chosen));
        keys(SrtpKeyMaterial.split(chosen, exported, server));
    }

    /** An alert from the remote party: a fatal one or close_notify ends the session; other warnings end nothing. */
    default void alertReceived(short alertLevel, short alertDescription) {
        // warnings other than close_notify (e.g. no_renegotiation) end nothing
        if (alertLevel != AlertLevel.fatal && alertDescription != AlertDescription.close_notify) return;
        closedByRemote(alertLevel == AlertLevel.fatal ? "fatal alert " + AlertDescription.getText(alertDescription)
                : AlertDescription.getText(alertDescription));
    }
}

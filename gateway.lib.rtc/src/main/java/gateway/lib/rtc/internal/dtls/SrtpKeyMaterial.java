package gateway.lib.rtc.internal.dtls;

import gateway.lib.rtc.SrtpProfile;
import java.util.Arrays;

/**
 * The SRTP master keys a DTLS-SRTP handshake exports (RFC 5764 §4.2): client key, server key, client salt,
 * server salt, in that order, each side sending with its own.
 *
 * @param profile       the negotiated protection profile
 * @param localKey      the master key this side protects with
 * @param localSalt     the master salt this side protects with
 * @param remoteKey     the master key the remote side protects with
 * @param remoteSalt    the master salt the remote side protects with
 */
public record SrtpKeyMaterial(SrtpProfile profile, byte[] localKey, byte[] localSalt, byte[] remoteKey, byte[] remoteSalt) {

    /** Splits the exporter's output; {@code server} says which half is this side's. */
    static SrtpKeyMaterial split(SrtpProfile profile, byte[] exported, boolean server) {
        int k = profile.keyLength();
        int s = profile.saltLength();
        byte[] clientKey = Arrays.copyOfRange(exported, 0, k);
        byte[] serverKey = Arrays.copyOfRange(exported, k, 2 * k);
        byte[] clientSalt = Arrays.copyOfRange(exported, 2 * k, 2 * k + s);
        byte[] serverSalt = Arrays.copyOfRange(exported, 2 * k + s, 2 * k + 2 * s);
        Arrays.fill(exported, (byte) 0);
        return server ? new SrtpKeyMaterial(profile, serverKey, serverSalt, clientKey, clientSalt)
                : new SrtpKeyMaterial(profile, clientKey, clientSalt, serverKey, serverSalt);
    }

    /** @return the exporter's output length for a profile */
    static int exportLength(SrtpProfile profile) {
        return 2 * (profile.keyLength() + profile.saltLength());
    }

    @Override
    public String toString() {
        return "SrtpKeyMaterial[" + profile + "]"; // never the keys
    }
}

package gateway.lib.rtc.internal.sdp;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * A certificate fingerprint from {@code a=fingerprint} (RFC 8122): the hash function and the digest the remote
 * party's DTLS certificate must have.
 *
 * @param algorithm the hash function as SDP names it ({@code sha-256}), lower case
 * @param digest    the digest's bytes
 */
public record RemoteFingerprint(String algorithm, byte[] digest) {

    /**
     * @param value the attribute's value, e.g. {@code sha-256 AB:CD:...}
     * @return the fingerprint
     * @throws IllegalArgumentException with the reason when the value is malformed or its hash function unsupported
     */
    public static RemoteFingerprint parse(String value) {
        String[] f = value.trim().split(" +");
        if (f.length != 2) throw new IllegalArgumentException("'" + SdpParser.excerpt(value) + "' is not '<hash function> <hex:hex:...>'");
        String algorithm = f[0].toLowerCase(Locale.ROOT);
        String jca = jcaName(algorithm);
        if (jca == null) {
            throw new IllegalArgumentException("the fingerprint's hash function '" + SdpParser.excerpt(f[0])
                    + "' is not one of sha-1, sha-224, sha-256, sha-384, sha-512");
        }
        String[] hex = f[1].split(":", -1);
        byte[] digest = new byte[hex.length];
        for (int i = 0; i < hex.length; i++) {
            if (hex[i].length() != 2) throw new IllegalArgumentException("the fingerprint '" + SdpParser.excerpt(f[1]) + "' is not hex pairs separated by ':'");
            try {
                digest[i] = (byte) Integer.parseInt(hex[i], 16);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("the fingerprint '" + SdpParser.excerpt(f[1]) + "' is not hex pairs separated by ':'");
            }
        }
        try {
            if (MessageDigest.getInstance(jca).getDigestLength() != digest.length) {
                throw new IllegalArgumentException("the " + algorithm + " fingerprint has " + digest.length + " bytes, not "
                        + MessageDigest.getInstance(jca).getDigestLength());
            }
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalArgumentException("the hash function " + algorithm + " is not available");
        }
        return new RemoteFingerprint(algorithm, digest);
    }

    /** @return whether a DER-encoded certificate has this fingerprint */
    public boolean matches(byte[] certificate) {
        try {
            return MessageDigest.isEqual(MessageDigest.getInstance(jcaName(algorithm)).digest(certificate), digest);
        } catch (NoSuchAlgorithmException e) {
            return false;
        }
    }

    /** @return the value as SDP writes it */
    public static String format(String algorithm, byte[] digest) {
        return algorithm + " " + HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
    }

    private static String jcaName(String sdpName) {
        return switch (sdpName) {
            case "sha-1" -> "SHA-1";
            case "sha-224" -> "SHA-224";
            case "sha-256" -> "SHA-256";
            case "sha-384" -> "SHA-384";
            case "sha-512" -> "SHA-512";
            default -> null;
        };
    }

    @Override
    public String toString() {
        return format(algorithm, digest);
    }
}

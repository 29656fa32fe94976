package gateway.lib.rtc;

/**
 * The SRTP protection profiles this transport negotiates in the DTLS handshake (RFC 5764 {@code use_srtp}).
 */
public enum SrtpProfile {
    /** AES-128 in counter mode with an 80-bit HMAC-SHA1 tag (RFC 3711): what every WebRTC stack supports. */
    AES_CM_128_HMAC_SHA1_80(0x0001, 16, 14, 10),
    /** AES-128 in Galois/counter mode (RFC 7714): authenticated encryption with a 16-byte tag; what browsers prefer. */
    AEAD_AES_128_GCM(0x0007, 16, 12, 16);

    private final int id;
    private final int keyLength;
    private final int saltLength;
    private final int tagLength;

    SrtpProfile(int id, int keyLength, int saltLength, int tagLength) {
        this.id = id;
        this.keyLength = keyLength;
        this.saltLength = saltLength;
        this.tagLength = tagLength;
    }

    /** @return the profile's code in DTLS's {@code use_srtp} extension (RFC 5764 §4.1.2, RFC 7714 §14.2) */
    public int id() {
        return id;
    }

    /** @return the master key's length in bytes */
    public int keyLength() {
        return keyLength;
    }

    /** @return the master salt's length in bytes */
    public int saltLength() {
        return saltLength;
    }

    /** @return the bytes an SRTP packet grows by (the authentication tag) */
    public int tagLength() {
        return tagLength;
    }

    /** @return the profile with this {@code use_srtp} code, or {@code null} */
    public static SrtpProfile byId(int id) {
        for (SrtpProfile p : values()) if (p.id == id) return p;
        return null;
    }
}

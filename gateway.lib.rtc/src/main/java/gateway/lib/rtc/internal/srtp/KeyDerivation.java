package gateway.lib.rtc.internal.srtp;

/**
 * SRTP's key derivation (RFC 3711 §4.3.1 with a key derivation rate of 0, as DTLS-SRTP uses it; RFC 7714 §11 for
 * GCM's 96-bit salt): each session key is the AES-CM keystream, under the master key, from the counter block
 * {@code (master salt XOR (label << 48)) || 0x0000}.
 */
final class KeyDerivation {
    static final int SRTP_ENCRYPTION = 0;
    static final int SRTP_AUTHENTICATION = 1;
    static final int SRTP_SALT = 2;
    static final int SRTCP_ENCRYPTION = 3;
    static final int SRTCP_AUTHENTICATION = 4;
    static final int SRTCP_SALT = 5;

    private KeyDerivation() {
    }

    /**
     * @param masterKey  the master key (16 bytes)
     * @param masterSalt the master salt (14 bytes, or 12 for GCM: padded with zeros on the right to 112 bits)
     * @param label      one of the labels above
     * @param length     the session key's length in bytes
     * @return the session key
     */
    static byte[] derive(byte[] masterKey, byte[] masterSalt, int label, int length) {
        byte[] iv = new byte[16];
        System.arraycopy(masterSalt, 0, iv, 0, masterSalt.length);
        // key_id = label || r (48 bits, 0 here), right-aligned under the 112-bit salt: the label lands on byte 7
        iv[7] ^= (byte) label;
        byte[] out = new byte[length];
        new AesBlocks(masterKey).ctr(iv, 2, out, 0, length);
        return out;
    }
}

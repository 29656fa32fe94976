package gateway.lib.rtc.internal.dtls;

/**
 * The framing of a DTLS datagram (RFC 6347 §4.1): one or more records, each with a known content type, a DTLS
 * version (major 0xFE) and a length that keeps it inside the datagram, tiling it exactly. Checked before a
 * datagram reaches a handshake, so garbage is counted and dropped at the door.
 */
public final class DtlsFraming {
    static final int RECORD_HEADER = 13;

    private DtlsFraming() {
    }

    /** @return whether the bytes are a sequence of well-framed DTLS 1.0/1.2 records */
    public static boolean wellFramed(byte[] p, int off, int len) {
        int at = off;
        int end = off + len;
        if (len < RECORD_HEADER) return false;
        while (at < end) {
            if (end - at < RECORD_HEADER) return false;
            int type = p[at] & 0xFF;
            if (type < 20 || type > 24) return false; // change_cipher_spec, alert, handshake, application_data, heartbeat
            if ((p[at + 1] & 0xFF) != 0xFE) return false;
            int length = (p[at + 11] & 0xFF) << 8 | (p[at + 12] & 0xFF);
            if (length == 0 || length > end - at - RECORD_HEADER) return false;
            at += RECORD_HEADER + length;
        }
        return true;
    }
}

package gateway.lib.rtc.internal.stun;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.zip.CRC32;

/**
 * A STUN message (RFC 8489) read in place from a datagram: the header, and where each attribute's value lies.
 * {@link #parse} checks the framing only (header, attribute lengths, FINGERPRINT last, MESSAGE-INTEGRITY
 * before it); {@link #fingerprintValid} and {@link #integrityValid} check the two checksums.
 *
 * <p>The message refers to the caller's array: use it before that array is reused. Not thread-safe.
 */
public final class StunMessage {
    public static final int HEADER = 20;
    public static final int MAGIC_COOKIE = 0x2112A442;
    /** XORed into a FINGERPRINT's CRC-32 (RFC 8489 §14.7). */
    static final int FINGERPRINT_XOR = 0x5354554E;
    /** At most this many attributes are read; browsers send about eight. */
    static final int MAX_ATTRIBUTES = 32;

    public static final int BINDING_REQUEST = 0x0001;
    public static final int BINDING_SUCCESS = 0x0101;
    public static final int BINDING_ERROR = 0x0111;
    public static final int BINDING_INDICATION = 0x0011;

    public static final int ATTR_MAPPED_ADDRESS = 0x0001;
    public static final int ATTR_USERNAME = 0x0006;
    public static final int ATTR_MESSAGE_INTEGRITY = 0x0008;
    public static final int ATTR_ERROR_CODE = 0x0009;
    public static final int ATTR_UNKNOWN_ATTRIBUTES = 0x000A;
    public static final int ATTR_MESSAGE_INTEGRITY_SHA256 = 0x001C;
    public static final int ATTR_XOR_MAPPED_ADDRESS = 0x0020;
    public static final int ATTR_PRIORITY = 0x0024;
    public static final int ATTR_USE_CANDIDATE = 0x0025;
    public static final int ATTR_SOFTWARE = 0x8022;
    public static final int ATTR_FINGERPRINT = 0x8028;
    public static final int ATTR_ICE_CONTROLLED = 0x8029;
    public static final int ATTR_ICE_CONTROLLING = 0x802A;

    private final byte[] data;
    private final int offset;
    private final int length;
    private final int type;
    private final int attributeCount;
    private final int[] attrType;
    private final int[] attrValue;
    private final int[] attrLength;
    /** Offset (from the message start) of the MESSAGE-INTEGRITY attribute's header, or -1. */
    private final int integrityAt;
    /** Offset (from the message start) of the FINGERPRINT attribute's header, or -1. */
    private final int fingerprintAt;

    private StunMessage(byte[] data, int offset, int length, int type, int count, int[] attrType, int[] attrValue, int[] attrLength,
                        int integrityAt, int fingerprintAt) {
        this.data = data;
        this.offset = offset;
        this.length = length;
        this.type = type;
        this.attributeCount = count;
        this.attrType = attrType;
        this.attrValue = attrValue;
        this.attrLength = attrLength;
        this.integrityAt = integrityAt;
        this.fingerprintAt = fingerprintAt;
    }

    /**
     * Whether a datagram may be STUN at all (RFC 7983: first byte 0–3, and the magic cookie), before parsing it.
     */
    public static boolean looksLikeStun(byte[] data, int offset, int length) {
        return length >= HEADER && (data[offset] & 0xC0) == 0 && readInt(data, offset + 4) == MAGIC_COOKIE;
    }

    /**
     * Reads a STUN message.
     *
     * @return the message, or {@code null} if the bytes are not a well-framed STUN message: a wrong cookie or
     *         length, an attribute running past the end, more than {@value #MAX_ATTRIBUTES} attributes, anything
     *         after FINGERPRINT, or anything but FINGERPRINT after MESSAGE-INTEGRITY
     */
    public static StunMessage parse(byte[] data, int offset, int length) {
        if (length < HEADER || offset < 0 || offset + length > data.length) return null;
        if (!looksLikeStun(data, offset, length)) return null;
        int type = readShort(data, offset);
        int bodyLength = readShort(data, offset + 2);
        if ((bodyLength & 3) != 0 || HEADER + bodyLength != length) return null;
        int[] types = new int[MAX_ATTRIBUTES];
        int[] values = new int[MAX_ATTRIBUTES];
        int[] lengths = new int[MAX_ATTRIBUTES];
        int count = 0;
        int integrityAt = -1;
        int fingerprintAt = -1;
        int p = HEADER;
        while (p < length) {
            if (fingerprintAt >= 0) return null; // nothing may follow FINGERPRINT
            if (p + 4 > length || count == MAX_ATTRIBUTES) return null;
            int at = readShort(data, offset + p);
            int len = readShort(data, offset + p + 2);
            int padded = (len + 3) & ~3;
            if (p + 4 + padded > length) return null;
            if (integrityAt >= 0 && at != ATTR_FINGERPRINT && at != ATTR_MESSAGE_INTEGRITY_SHA256) return null;
            if (at == ATTR_MESSAGE_INTEGRITY) {
                if (len != 20 || integrityAt >= 0) return null;
                integrityAt = p;
            } else if (at == ATTR_FINGERPRINT) {
                if (len != 4) return null;
                fingerprintAt = p;
            }
            types[count] = at;
            values[count] = p + 4;
            lengths[count] = len;
            count++;
            p += 4 + padded;
        }
        return new StunMessage(data, offset, length, type, count, types, values, lengths, integrityAt, fingerprintAt);
    }

    /** @return the message type (method and class), e.g. {@link #BINDING_REQUEST} */
    public int type() {
        return type;
    }

    /** @return a copy of the 12-byte transaction id */
    public byte[] transactionId() {
        byte[] id = new byte[12];
        System.arraycopy(data, offset + 8, id, 0, 12);
        return id;
    }

    /** @return whether the transaction id equals {@code id} (12 bytes) */
    public boolean hasTransactionId(byte[] id) {
        for (int i = 0; i < 12; i++) if (data[offset + 8 + i] != id[i]) return false;
        return true;
    }

    /** @return the number of attributes */
    public int attributeCount() {
        return attributeCount;
    }

    /** @return the type of attribute {@code i} */
    public int attributeType(int i) {
        return attrType[i];
    }

    /** @return whether an attribute of this type is present */
    public boolean has(int attribute) {
        return find(attribute) >= 0;
    }

    /** @return the USERNAME as UTF-8 text, or {@code null} when absent */
    public String username() {
        int i = find(ATTR_USERNAME);
        return i < 0 ? null : new String(data, offset + attrValue[i], attrLength[i], StandardCharsets.UTF_8);
    }

    /** @return a 32-bit attribute's value (PRIORITY), or -1 when absent or of another length */
    public long unsignedInt(int attribute) {
        int i = find(attribute);
        if (i < 0 || attrLength[i] != 4) return -1;
        return readInt(data, offset + attrValue[i]) & 0xFFFFFFFFL;
    }

    /** @return a 64-bit attribute's value (ICE-CONTROLLING/-CONTROLLED tie-breaker), or {@code null} */
    public Long longValue(int attribute) {
        int i = find(attribute);
        if (i < 0 || attrLength[i] != 8) return null;
        return ((long) readInt(data, offset + attrValue[i]) << 32) | (readInt(data, offset + attrValue[i] + 4) & 0xFFFFFFFFL);
    }

    /** @return the ERROR-CODE's code (e.g. 401), or -1 */
    public int errorCode() {
        int i = find(ATTR_ERROR_CODE);
        if (i < 0 || attrLength[i] < 4) return -1;
        int v = offset + attrValue[i];
        return (data[v + 2] & 0x07) * 100 + (data[v + 3] & 0xFF);
    }

    /**
     * The comprehension-required attributes (0x0000–0x7FFF) this implementation does not know; a request with
     * any gets a 420 answer (RFC 8489 §6.3.1).
     *
     * @return their types, empty if none
     */
    public int[] unknownRequired() {
        int[] unknown = new int[attributeCount];
        int n = 0;
        for (int i = 0; i < attributeCount; i++) {
            int t = attrType[i];
            if (t < 0x8000 && !known(t)) unknown[n++] = t;
        }
        return java.util.Arrays.copyOf(unknown, n);
    }

    private static boolean known(int t) {
        return t == ATTR_MAPPED_ADDRESS || t == ATTR_USERNAME || t == ATTR_MESSAGE_INTEGRITY || t == ATTR_ERROR_CODE
                || t == ATTR_UNKNOWN_ATTRIBUTES || t == ATTR_MESSAGE_INTEGRITY_SHA256 || t == ATTR_XOR_MAPPED_ADDRESS
                || t == ATTR_PRIORITY || t == ATTR_USE_CANDIDATE;
    }

    /** @return whether the message carries MESSAGE-INTEGRITY */
    public boolean hasIntegrity() {
        return integrityAt >= 0;
    }

    /** @return whether the message carries FINGERPRINT */
    public boolean hasFingerprint() {
        return fingerprintAt >= 0;
    }

    /**
     * Checks FINGERPRINT: the CRC-32 of the message before it, with the length field covering it, XOR 0x5354554E.
     *
     * @return true when present and right
     */
    public boolean fingerprintValid(CRC32 crc) {
        if (fingerprintAt < 0) return false;
        crc.reset();
        crc.update(data, offset, 2);
        int adjusted = fingerprintAt + 8 - HEADER;
        crc.update(adjusted >>> 8);
        crc.update(adjusted);
        crc.update(data, offset + 4, fingerprintAt - 4);
        int expected = (int) crc.getValue() ^ FINGERPRINT_XOR;
        return readInt(data, offset + fingerprintAt + 4) == expected;
    }

    /**
     * Checks MESSAGE-INTEGRITY: HMAC-SHA1 with the short-term credential (the ICE password) over the message
     * before it, with the length field covering it (RFC 8489 §14.5). Compared in constant time.
     *
     * @param hmac an HMAC-SHA1 of the key (the receiving agent's ICE password)
     * @return true when present and right
     */
    public boolean integrityValid(StunIntegrity hmac) {
        if (integrityAt < 0) return false;
        byte[] mac = hmac.compute(data, offset, integrityAt, integrityAt + 24 - HEADER);
        byte[] got = new byte[20];
        System.arraycopy(data, offset + integrityAt + 4, got, 0, 20);
        return MessageDigest.isEqual(mac, got);
    }

    /** @return the XOR-MAPPED-ADDRESS, or {@code null} when absent or malformed */
    public java.net.InetSocketAddress xorMappedAddress() {
        int i = find(ATTR_XOR_MAPPED_ADDRESS);
        if (i < 0) return null;
        return StunAddress.readXor(data, offset + attrValue[i], attrLength[i], data, offset + 4);
    }

    private int find(int attribute) {
        for (int i = 0; i < attributeCount; i++) if (attrType[i] == attribute) return i;
        return -1;
    }

    static int readShort(byte[] b, int at) {
        return (b[at] & 0xFF) << 8 | (b[at + 1] & 0xFF);
    }

    static int readInt(byte[] b, int at) {
        return (b[at] & 0xFF) << 24 | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8 | (b[at + 3] & 0xFF);
    }
}

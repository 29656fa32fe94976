package gateway.lib.rtc.internal.stun;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * Writes a STUN message into a caller's buffer: the header, attributes, then MESSAGE-INTEGRITY and FINGERPRINT
 * computed over what precedes them. Reusable: {@link #start} begins the next message. Not thread-safe.
 */
public final class StunWriter {
    private final byte[] out;
    private int length;

    /** @param buffer where messages are written (at least 548 bytes for anything this gateway sends) */
    public StunWriter(byte[] buffer) {
        this.out = buffer;
    }

    /**
     * Begins a message.
     *
     * @param type          e.g. {@link StunMessage#BINDING_SUCCESS}
     * @param transactionId 12 bytes
     * @return this
     */
    public StunWriter start(int type, byte[] transactionId) {
        putShort(0, type);
        putShort(2, 0);
        putInt(4, StunMessage.MAGIC_COOKIE);
        System.arraycopy(transactionId, 0, out, 8, 12);
        length = StunMessage.HEADER;
        return this;
    }

    /** Adds XOR-MAPPED-ADDRESS. */
    public StunWriter xorMappedAddress(InetSocketAddress address) {
        int len = StunAddress.length(address);
        header(StunMessage.ATTR_XOR_MAPPED_ADDRESS, len);
        StunAddress.writeXor(out, length, address, out, 0);
        length += len;
        return this;
    }

    /** Adds USERNAME. */
    public StunWriter username(String username) {
        return bytes(StunMessage.ATTR_USERNAME, username.getBytes(StandardCharsets.UTF_8));
    }

    /** Adds a 32-bit attribute (PRIORITY). */
    public StunWriter unsignedInt(int attribute, long value) {
        header(attribute, 4);
        putInt(length, (int) value);
        length += 4;
        return this;
    }

    /** Adds a 64-bit attribute (ICE-CONTROLLING / ICE-CONTROLLED). */
    public StunWriter longValue(int attribute, long value) {
        header(attribute, 8);
        putInt(length, (int) (value >>> 32));
        putInt(length + 4, (int) value);
        length += 8;
        return this;
    }

    /** Adds an attribute without a value (USE-CANDIDATE). */
    public StunWriter flag(int attribute) {
        header(attribute, 0);
        return this;
    }

    /** Adds ERROR-CODE with its reason phrase. */
    public StunWriter errorCode(int code, String reason) {
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        header(StunMessage.ATTR_ERROR_CODE, 4 + text.length);
        out[length] = 0;
        out[length + 1] = 0;
        out[length + 2] = (byte) (code / 100);
        out[length + 3] = (byte) (code % 100);
        System.arraycopy(text, 0, out, length + 4, text.length);
        length += pad(4 + text.length);
        return this;
    }

    /** Adds UNKNOWN-ATTRIBUTES. */
    public StunWriter unknownAttributes(int[] types) {
        header(StunMessage.ATTR_UNKNOWN_ATTRIBUTES, 2 * types.length);
        for (int i = 0; i < types.length; i++) putShort(length + 2 * i, types[i]);
        length += pad(2 * types.length);
        return this;
    }

    /** Adds MESSAGE-INTEGRITY over everything so far. */
    public StunWriter integrity(StunIntegrity hmac) {
        byte[] mac = hmac.compute(out, 0, length, length + 24 - StunMessage.HEADER);
        header(StunMessage.ATTR_MESSAGE_INTEGRITY, 20);
        System.arraycopy(mac, 0, out, length, 20);
        length += 20;
        return this;
    }

    /** Adds FINGERPRINT over everything so far; the message is then complete. */
    public StunWriter fingerprint(CRC32 crc) {
        putShort(2, length + 8 - StunMessage.HEADER);
        crc.reset();
        crc.update(out, 0, length);
        int value = (int) crc.getValue() ^ StunMessage.FINGERPRINT_XOR;
        header(StunMessage.ATTR_FINGERPRINT, 4);
        putInt(length, value);
        length += 4;
        return this;
    }

    /** @return the message's length so far (the header's length field is kept up to date) */
    public int length() {
        return length;
    }

    /** @return the buffer written into */
    public byte[] buffer() {
        return out;
    }

    private StunWriter bytes(int attribute, byte[] value) {
        header(attribute, value.length);
        System.arraycopy(value, 0, out, length, value.length);
        length += pad(value.length);
        return this;
    }

    private void header(int attribute, int valueLength) {
        putShort(length, attribute);
        putShort(length + 2, valueLength);
        length += 4;
        int end = length + pad(valueLength);
        for (int i = length + valueLength; i < end; i++) out[i] = 0;
        putShort(2, end - StunMessage.HEADER);
    }

    private static int pad(int n) {
        return (n + 3) & ~3;
    }

    private void putShort(int at, int v) {
        out[at] = (byte) (v >>> 8);
        out[at + 1] = (byte) v;
    }

    private void putInt(int at, int v) {
        out[at] = (byte) (v >>> 24);
        out[at + 1] = (byte) (v >>> 16);
        out[at + 2] = (byte) (v >>> 8);
        out[at + 3] = (byte) v;
    }
}

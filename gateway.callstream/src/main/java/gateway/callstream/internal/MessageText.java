package gateway.callstream.internal;

import gateway.callstream.internal.websocket.FramePayload;
import java.nio.charset.StandardCharsets;

/**
 * A text message as a byte array of ASCII characters, whose bytes are the frame's payload as they are (ASCII is
 * UTF-8), and the pieces media messages are written with in one pass, without intermediate strings: decimal
 * numbers and base64. ASCII only: what is written (digits, base64, JSON escaped to ASCII) needs no more.
 */
final class MessageText implements CharSequence, FramePayload {
    private static final byte[] BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".getBytes(StandardCharsets.US_ASCII);

    private final byte[] chars;
    private final int length;

    private MessageText(byte[] ascii) {
        this.chars = ascii;
        this.length = ascii.length;
    }

    /** A finished text of ASCII characters. */
    static MessageText of(byte[] ascii) {
        return new MessageText(ascii);
    }

    /** Copies {@code text} into {@code target} at {@code at}; @return the position after it */
    static int put(byte[] target, int at, byte[] text) {
        System.arraycopy(text, 0, target, at, text.length);
        return at + text.length;
    }

    /** Writes a non-negative number in decimal into {@code target} at {@code at}; @return the position after it */
    static int put(byte[] target, int at, long n) {
        int end = at + digits(n);
        for (int i = end - 1; i >= at; i--, n /= 10) target[i] = (byte) ('0' + n % 10);
        return end;
    }

    /** @return the decimal digits of a non-negative number (by comparison: it runs several times per chunk and stream) */
    static int digits(long n) {
        if (n < 0) throw new IllegalArgumentException("negative: " + n);
        long limit = 10;
        for (int digits = 1; digits < 19; digits++, limit *= 10) {
            if (n < limit) return digits;
        }
        return 19;
    }

    /** @return the characters as ASCII bytes; the first {@link #length()} count */
    byte[] bytes() {
        return chars;
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public void writeTo(byte[] target, int offset) {
        System.arraycopy(chars, 0, target, offset, length);
    }

    @Override
    public char charAt(int index) {
        return (char) chars[index];
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return new String(chars, start, end - start, StandardCharsets.ISO_8859_1);
    }

    @Override
    public String toString() {
        return new String(chars, 0, length, StandardCharsets.ISO_8859_1);
    }

    /** @return the base64 length (with padding) of {@code bytes} bytes */
    static int base64Length(int bytes) {
        return (bytes + 2) / 3 * 4;
    }

    /** Encodes bytes as standard base64 with padding (RFC 4648, section 4), as ASCII characters. */
    static byte[] base64(byte[] in) {
        return base64(in, in.length);
    }

    /** Encodes {@code in[0, length)} as standard base64 with padding, as ASCII characters. */
    static byte[] base64(byte[] in, int length) {
        byte[] out = new byte[base64Length(length)];
        int o = 0, i = 0;
        for (int end = length - length % 3; i < end; i += 3) {
            int v = (in[i] & 0xff) << 16 | (in[i + 1] & 0xff) << 8 | (in[i + 2] & 0xff);
            out[o++] = BASE64[v >>> 18];
            out[o++] = BASE64[(v >>> 12) & 63];
            out[o++] = BASE64[(v >>> 6) & 63];
            out[o++] = BASE64[v & 63];
        }
        if (i < length) {
            int v = (in[i] & 0xff) << 16 | (i + 1 < length ? (in[i + 1] & 0xff) << 8 : 0);
            out[o++] = BASE64[v >>> 18];
            out[o++] = BASE64[(v >>> 12) & 63];
            out[o++] = i + 1 < length ? BASE64[(v >>> 6) & 63] : (byte) '=';
            out[o] = (byte) '=';
        }
        return out;
    }
}

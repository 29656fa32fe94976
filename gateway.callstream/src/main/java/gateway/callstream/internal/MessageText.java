package gateway.callstream.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Builds a text message in one pass into a byte array of ASCII characters — a media message is assembled 50 times
 * a second per stream, without intermediate strings — whose bytes are the frame's payload as they are (ASCII is
 * UTF-8). ASCII only: what it writes (digits, base64, JSON escaped to ASCII) needs no more.
 */
final class MessageText implements CharSequence {
    private static final byte[] BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".getBytes(StandardCharsets.US_ASCII);

    private byte[] chars;
    private int length;

    /** @param capacity the most characters the message will hold */
    MessageText(int capacity) {
        this.chars = new byte[capacity];
    }

    /** A finished text of ASCII characters. */
    static MessageText of(byte[] ascii) {
        MessageText t = new MessageText(0);
        t.chars = ascii;
        t.length = ascii.length;
        return t;
    }

    MessageText append(byte[] text) {
        System.arraycopy(text, 0, chars, length, text.length);
        length += text.length;
        return this;
    }

    /** @return the decimal digits of a non-negative number */
    static int digits(long n) {
        if (n < 0) throw new IllegalArgumentException("negative: " + n);
        int digits = 1;
        for (long x = n; x >= 10; x /= 10) digits++;
        return digits;
    }

    /** Appends a non-negative number in decimal. */
    MessageText append(long n) {
        int digits = digits(n);
        for (int i = length + digits - 1; i >= length; i--, n /= 10) chars[i] = (byte) ('0' + n % 10);
        length += digits;
        return this;
    }

    /** Trims the array to the characters written: the text is final. */
    MessageText done() {
        if (length != chars.length) chars = Arrays.copyOf(chars, length);
        return this;
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
        byte[] out = new byte[base64Length(in.length)];
        int o = 0, i = 0;
        for (int end = in.length - in.length % 3; i < end; i += 3) {
            int v = (in[i] & 0xff) << 16 | (in[i + 1] & 0xff) << 8 | (in[i + 2] & 0xff);
            out[o++] = BASE64[v >>> 18];
            out[o++] = BASE64[(v >>> 12) & 63];
            out[o++] = BASE64[(v >>> 6) & 63];
            out[o++] = BASE64[v & 63];
        }
        if (i < in.length) {
            int v = (in[i] & 0xff) << 16 | (i + 1 < in.length ? (in[i + 1] & 0xff) << 8 : 0);
            out[o++] = BASE64[v >>> 18];
            out[o++] = BASE64[(v >>> 12) & 63];
            out[o++] = i + 1 < in.length ? BASE64[(v >>> 6) & 63] : (byte) '=';
            out[o] = (byte) '=';
        }
        return out;
    }
}

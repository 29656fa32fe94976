package gateway.core.internal.http;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * The few DER encodings needed to turn the traditional OpenSSL key formats (PKCS#1 RSA, SEC1 EC) into PKCS#8,
 * the one form the JDK's key factories read.
 */
final class Der {
    static final int SEQUENCE = 0x30;
    static final int INTEGER = 0x02;
    static final int OCTET_STRING = 0x04;
    static final int NULL = 0x05;
    static final int OID = 0x06;
    /** rsaEncryption, 1.2.840.113549.1.1.1 */
    static final byte[] RSA_ENCRYPTION = {0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01};
    /** id-ecPublicKey, 1.2.840.10045.2.1 */
    static final byte[] EC_PUBLIC_KEY = {0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01};

    private Der() {
    }

    static byte[] tlv(int tag, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(value.length + 6);
        out.write(tag);
        int n = value.length;
        if (n < 0x80) {
            out.write(n);
        } else {
            int bytes = (32 - Integer.numberOfLeadingZeros(n) + 7) / 8;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) out.write(n >>> (8 * i));
        }
        out.writeBytes(value);
        return out.toByteArray();
    }

    static byte[] sequence(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return tlv(SEQUENCE, out.toByteArray());
    }

    /** @return a PKCS#8 PrivateKeyInfo (version 0) around a key in its algorithm's own encoding */
    static byte[] privateKeyInfo(byte[] algorithmIdentifier, byte[] privateKey) {
        return sequence(tlv(INTEGER, new byte[] {0}), algorithmIdentifier, tlv(OCTET_STRING, privateKey));
    }

    /**
     * Finds the curve of a SEC1 {@code ECPrivateKey}: the OID in its context-specific {@code [0] parameters}.
     *
     * @return the encoded OID (tag and length included)
     * @throws IllegalArgumentException if the structure has no named curve
     */
    static byte[] sec1Curve(byte[] ecPrivateKey) {
        Reader seq = new Reader(ecPrivateKey).enter(SEQUENCE);
        while (seq.hasMore()) {
            int tag = seq.peekTag();
            byte[] element = seq.next();
            if (tag == 0xa0) {
                Reader params = new Reader(element).enter(0xa0);
                if (params.peekTag() == OID) return params.next();
            }
        }
        throw new IllegalArgumentException("the EC key names no curve");
    }

    /** Walks the elements of one constructed DER value. */
    static final class Reader {
        private final byte[] data;
        private int pos;
        private final int end;

        Reader(byte[] data) {
            this(data, 0, data.length);
        }

        private Reader(byte[] data, int from, int end) {
            this.data = data;
            this.pos = from;
            this.end = end;
        }

        boolean hasMore() {
            return pos < end;
        }

        int peekTag() {
            return data[pos] & 0xff;
        }

        /** @return the next element whole (tag, length, value) */
        byte[] next() {
            int start = pos;
            int length = length(pos + 1);
            int header = headerLength(pos + 1);
            pos = pos + 1 + header + length;
            if (pos > end) throw new IllegalArgumentException("truncated DER");
            return Arrays.copyOfRange(data, start, pos);
        }

        /** @return a reader over the contents of the next element, which must carry the tag */
        Reader enter(int tag) {
            if (peekTag() != tag) throw new IllegalArgumentException("unexpected DER tag " + peekTag());
            int length = length(pos + 1);
            int from = pos + 1 + headerLength(pos + 1);
            if (from + length > end) throw new IllegalArgumentException("truncated DER");
            return new Reader(data, from, from + length);
        }

        private int headerLength(int at) {
            int first = data[at] & 0xff;
            return first < 0x80 ? 1 : 1 + (first & 0x7f);
        }

        private int length(int at) {
            int first = data[at] & 0xff;
            if (first < 0x80) return first;
            int n = 0;
            for (int i = 1; i <= (first & 0x7f); i++) n = (n << 8) | (data[at + i] & 0xff);
            return n;
        }
    }
}

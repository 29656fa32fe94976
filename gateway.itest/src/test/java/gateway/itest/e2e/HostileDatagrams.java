package gateway.itest.e2e;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.CRC32;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Datagrams an attacker (or a confused peer) sends to a WebRTC port, written here from the RFCs rather than with the
 * gateway's own encoders: STUN binding requests (RFC 8489, ICE attributes of RFC 8445), a DTLS 1.2 ClientHello
 * offering DTLS-SRTP (RFC 6347, RFC 5764), garbage DTLS records, and SRTP/SRTCP packets whose tag is random.
 */
final class HostileDatagrams {
    private static final int MAGIC = 0x2112A442;

    private HostileDatagrams() {
    }

    /**
     * A binding request as an ICE agent in the controlling role sends it, with USE-CANDIDATE.
     *
     * @param username {@code <receiver's ufrag>:<sender's ufrag>}
     * @param key      the receiver's ICE password (the MESSAGE-INTEGRITY key); a wrong one makes a request the
     *                 receiver must refuse
     */
    static byte[] bindingRequest(String username, String key) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        byte[] user = username.getBytes(StandardCharsets.UTF_8);
        int userAttr = 4 + (user.length + 3) / 4 * 4;
        int beforeIntegrity = 20 + userAttr + 12 /* ICE-CONTROLLING */ + 8 /* PRIORITY */ + 4 /* USE-CANDIDATE */;
        ByteBuffer b = ByteBuffer.allocate(beforeIntegrity + 24 + 8);
        b.putShort((short) 0x0001).putShort((short) 0).putInt(MAGIC);
        for (int i = 0; i < 3; i++) b.putInt(r.nextInt());
        b.putShort((short) 0x0006).putShort((short) user.length).put(user);
        while (b.position() % 4 != 0) b.put((byte) 0);
        b.putShort((short) 0x802A).putShort((short) 8).putLong(r.nextLong());
        b.putShort((short) 0x0024).putShort((short) 4).putInt(0x6E7F1EFF);
        b.putShort((short) 0x0025).putShort((short) 0);
        // MESSAGE-INTEGRITY covers the message with a length field that already counts the attribute itself
        b.putShort(2, (short) (beforeIntegrity + 24 - 20));
        byte[] hmac = hmacSha1(key.getBytes(StandardCharsets.UTF_8), b.array(), beforeIntegrity);
        b.putShort((short) 0x0008).putShort((short) 20).put(hmac);
        b.putShort(2, (short) (beforeIntegrity + 24 + 8 - 20));
        CRC32 crc = new CRC32();
        crc.update(b.array(), 0, b.position());
        b.putShort((short) 0x8028).putShort((short) 4).putInt((int) crc.getValue() ^ 0x5354554E);
        return b.array();
    }

    /** @return whether the datagram is a STUN binding success (0x0101) or error (0x0111) response */
    static int stunType(byte[] p, int len) {
        if (len < 20 || ByteBuffer.wrap(p).getInt(4) != MAGIC) return -1;
        return (p[0] & 0xFF) << 8 | (p[1] & 0xFF);
    }

    /**
     * A DTLS 1.2 ClientHello in one record: ECDHE-ECDSA with AES-GCM, P-256, use_srtp with
     * SRTP_AES128_CM_HMAC_SHA1_80 and SRTP_AEAD_AES_128_GCM, extended master secret, renegotiation_info.
     */
    static byte[] clientHello() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        ByteBuffer body = ByteBuffer.allocate(256);
        body.putShort((short) 0xFEFD);
        byte[] random = new byte[32];
        r.nextBytes(random);
        body.put(random);
        body.put((byte) 0); // session id
        body.put((byte) 0); // cookie
        body.putShort((short) 4).putShort((short) 0xC02B).putShort((short) 0xC009);
        body.put((byte) 1).put((byte) 0); // compression: null
        byte[] extensions = HexFormat.of().parseHex(
                "000a000400020017" // supported_groups: secp256r1
                        + "000b00020100" // ec_point_formats: uncompressed
                        + "000d0006000404030401" // signature_algorithms: ecdsa_secp256r1_sha256, rsa_pkcs1_sha256
                        + "000e000700040001000700" // use_srtp: AES_CM_128_HMAC_SHA1_80, AEAD_AES_128_GCM, no MKI
                        + "00170000" // extended_master_secret
                        + "ff01000100"); // renegotiation_info
        body.putShort((short) extensions.length).put(extensions);
        int bodyLength = body.position();
        ByteBuffer d = ByteBuffer.allocate(13 + 12 + bodyLength);
        d.put((byte) 22).putShort((short) 0xFEFF).putShort((short) 0).putShort((short) 0).putInt(0).putShort((short) (12 + bodyLength));
        d.put((byte) 1).put(uint24(bodyLength)).putShort((short) 0).put(uint24(0)).put(uint24(bodyLength));
        d.put(body.array(), 0, bodyLength);
        return d.array();
    }

    /** A well-framed DTLS record (handshake type, epoch 1, sequence {@code seq}) with a random body: fails decryption. */
    static byte[] dtlsGarbageRecord(long seq) {
        byte[] body = new byte[64];
        ThreadLocalRandom.current().nextBytes(body);
        ByteBuffer d = ByteBuffer.allocate(13 + body.length);
        d.put((byte) 22).putShort((short) 0xFEFD).putShort((short) 1).putShort((short) (seq >>> 32)).putInt((int) seq)
                .putShort((short) body.length).put(body);
        return d.array();
    }

    /** Random bytes whose first byte says DTLS (RFC 7983: 20–63) but which are no DTLS record. */
    static byte[] dtlsGarbage() {
        byte[] b = new byte[ThreadLocalRandom.current().nextInt(1, 200)];
        ThreadLocalRandom.current().nextBytes(b);
        b[0] = (byte) (20 + ThreadLocalRandom.current().nextInt(44));
        return b;
    }

    /** An SRTP packet (AES_CM_128_HMAC_SHA1_80 layout: 160 bytes of "ciphertext", a 10-byte tag) that is random. */
    static byte[] srtp(int ssrc, int seq) {
        ByteBuffer b = ByteBuffer.allocate(12 + 160 + 10);
        b.put((byte) 0x80).put((byte) 111).putShort((short) seq).putInt(seq * 960).putInt(ssrc);
        byte[] rest = new byte[170];
        ThreadLocalRandom.current().nextBytes(rest);
        return b.put(rest).array();
    }

    /** An SRTCP receiver report with a random tag and E flag set, SRTCP index {@code index}. */
    static byte[] srtcp(int ssrc, int index) {
        ByteBuffer b = ByteBuffer.allocate(8 + 24 + 4 + 10);
        b.put((byte) 0x81).put((byte) 201).putShort((short) 7).putInt(ssrc);
        byte[] report = new byte[24];
        ThreadLocalRandom.current().nextBytes(report);
        b.put(report).putInt(0x80000000 | index);
        byte[] tag = new byte[10];
        ThreadLocalRandom.current().nextBytes(tag);
        return b.put(tag).array();
    }

    private static byte[] uint24(int v) {
        return new byte[] {(byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }

    private static byte[] hmacSha1(byte[] key, byte[] data, int len) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key, "HmacSHA1"));
            mac.update(data, 0, len);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}

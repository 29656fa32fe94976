package gateway.lib.srt.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class SrtCryptoTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void rfc3394KeyWrapTestVectors() {
        // RFC 3394 section 4.1 and 4.6
        byte[] kek = HEX.parseHex("000102030405060708090A0B0C0D0E0F");
        byte[] key = HEX.parseHex("00112233445566778899AABBCCDDEEFF");
        byte[] wrapped = HEX.parseHex("1FA68B0A8112B447AEF34BD8FB5A7B829D3E862371D2CFE5");
        assertArrayEquals(wrapped, SrtCrypto.wrap(kek, key));
        assertArrayEquals(key, SrtCrypto.unwrap(kek, wrapped));
        byte[] kek256 = HEX.parseHex("000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F");
        byte[] key256 = HEX.parseHex("00112233445566778899AABBCCDDEEFF000102030405060708090A0B0C0D0E0F");
        byte[] wrapped256 = HEX.parseHex("28C9F404C4B810F4CBCCB35CFB87F8263F5786E2D80ED326CBC7F0E71A99F43BFB988B9B7A02DD21");
        assertArrayEquals(wrapped256, SrtCrypto.wrap(kek256, key256));
        assertArrayEquals(key256, SrtCrypto.unwrap(kek256, wrapped256));
    }

    @Test
    void aWrongKeyFailsTheIntegrityCheck() {
        byte[] wrapped = HEX.parseHex("1FA68B0A8112B447AEF34BD8FB5A7B829D3E862371D2CFE5");
        assertNull(SrtCrypto.unwrap(HEX.parseHex("000102030405060708090A0B0C0D0E0E"), wrapped));
        assertNull(SrtCrypto.unwrap(HEX.parseHex("000102030405060708090A0B0C0D0E0F"), new byte[7]));
    }

    @Test
    void keyMaterialRoundTripsAndUnwrapsOnlyWithItsPassphrase() {
        byte[] salt = HEX.parseHex("00112233445566778899aabbccddeeff");
        byte[] sek = HEX.parseHex("0f0e0d0c0b0a09080706050403020100");
        byte[] wrapped = SrtCrypto.wrap(SrtCrypto.kek("correct horse battery", salt, 16), sek);
        KeyMaterial km = KeyMaterial.parse(new KeyMaterial(1, salt, 16, wrapped).toBytes());
        assertEquals(16, km.keyLength());
        assertArrayEquals(sek, km.unwrap("correct horse battery")[0]);
        assertNull(km.unwrap("wrong horse battery"));
        assertNull(KeyMaterial.parse(new byte[10]));
    }

    @Test
    void ctrIsItsOwnInverseAndDependsOnTheSequenceNumber() {
        SrtCrypto.Ctr ctr = new SrtCrypto.Ctr(new byte[16], new byte[16]);
        byte[] data = "live audio payload".getBytes();
        byte[] a = data.clone();
        ctr.apply(7, a, 0, a.length);
        byte[] b = data.clone();
        ctr.apply(8, b, 0, b.length);
        assertEquals(false, java.util.Arrays.equals(a, b));
        ctr.apply(7, a, 0, a.length);
        assertArrayEquals(data, a);
    }

    @Test
    void ctrIsTheJdksAesCtrWithSrtsIv() throws Exception {
        java.util.Random random = new java.util.Random(13);
        for (int keyLength : new int[] {16, 24, 32}) {
            byte[] sek = new byte[keyLength];
            byte[] salt = new byte[16];
            random.nextBytes(sek);
            random.nextBytes(salt);
            SrtCrypto.Ctr ctr = new SrtCrypto.Ctr(sek, salt);
            // sizes around block and counter-byte boundaries, up to past the 16-bit block counter (1 MB)
            for (int size : new int[] {0, 1, 15, 16, 17, 188, 1456, 4096 + 5, (1 << 20) + 33, 188}) {
                int seq = random.nextInt() & SeqNo.MAX;
                byte[] data = new byte[size + 3];
                random.nextBytes(data);
                byte[] iv = new byte[16];
                System.arraycopy(salt, 0, iv, 0, 14);
                for (int i = 0; i < 4; i++) iv[10 + i] ^= (byte) (seq >>> (24 - 8 * i));
                javax.crypto.Cipher jdk = javax.crypto.Cipher.getInstance("AES/CTR/NoPadding");
                jdk.init(javax.crypto.Cipher.ENCRYPT_MODE, new javax.crypto.spec.SecretKeySpec(sek, "AES"),
                        new javax.crypto.spec.IvParameterSpec(iv));
                byte[] expected = data.clone();
                jdk.doFinal(data, 3, size, expected, 3);
                byte[] ours = data.clone();
                ctr.apply(seq, ours, 3, size);
                assertArrayEquals(expected, ours, keyLength + "-byte key, " + size + " bytes");
            }
        }
    }

    @Test
    void streamIdsUseByteSwappedWords() {
        byte[] encoded = Handshake.encodeStreamId("abcde");
        assertArrayEquals(new byte[] {'d', 'c', 'b', 'a', 0, 0, 0, 'e'}, encoded);
        assertEquals("abcde", Handshake.decodeStreamId(encoded));
    }

    @Test
    void sequenceNumbersWrap() {
        assertEquals(1, SeqNo.diff(SeqNo.MAX, 0));
        assertEquals(-1, SeqNo.diff(0, SeqNo.MAX));
        assertEquals(0, SeqNo.next(SeqNo.MAX));
    }
}

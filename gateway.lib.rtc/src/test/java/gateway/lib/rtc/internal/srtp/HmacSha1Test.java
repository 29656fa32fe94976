package gateway.lib.rtc.internal.srtp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** HMAC-SHA1 against the test cases of RFC 2202, message after message on one instance, as SRTP uses it. */
class HmacSha1Test {

    private static String tag(HmacSha1 mac, byte[] data) {
        byte[] out = new byte[HmacSha1.LENGTH + 3];
        mac.update(data, 0, data.length);
        mac.finish(out, 3);
        return HexFormat.of().formatHex(out, 3, out.length);
    }

    @Test
    void rfc2202TestCasesOneAfterTheOtherOnOneInstance() {
        HmacSha1 twenty = new HmacSha1(filled(20, 0x0B));
        assertEquals("b617318655057264e28bc0b6fb378c8ef146be00", tag(twenty, "Hi There".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("b617318655057264e28bc0b6fb378c8ef146be00", tag(twenty, "Hi There".getBytes(StandardCharsets.US_ASCII)),
                "the second tag of one instance starts from the key again");

        assertEquals("effcdf6ae5eb2fa2d27416d5f184df9c259a7c79",
                tag(new HmacSha1("Jefe".getBytes(StandardCharsets.US_ASCII)), "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII)));

        assertEquals("125d7342b9ac11cd91a39af48aa17b4f63f175d3", tag(new HmacSha1(filled(20, 0xAA)), filled(50, 0xDD)));

        HmacSha1 longKey = new HmacSha1(filled(80, 0xAA)); // longer than a block: hashed first
        assertEquals("aa4ae5e15272d00e95705637ce8a3b55ed402112",
                tag(longKey, "Test Using Larger Than Block-Size Key - Hash Key First".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void aTagOverSeveralUpdatesIsTheTagOfTheirConcatenation() {
        HmacSha1 mac = new HmacSha1(filled(20, 0x0B));
        byte[] hi = "Hi There".getBytes(StandardCharsets.US_ASCII);
        mac.update(hi, 0, 3);
        mac.update(hi, 3, hi.length - 3);
        byte[] out = new byte[HmacSha1.LENGTH];
        mac.finish(out, 0);
        assertEquals("b617318655057264e28bc0b6fb378c8ef146be00", HexFormat.of().formatHex(out));
    }

    private static byte[] filled(int n, int b) {
        byte[] a = new byte[n];
        Arrays.fill(a, (byte) b);
        return a;
    }
}

package gateway.lib.rtc.internal.stun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * STUN against aioice's codec (the ICE library under aiortc): its binding request, with MESSAGE-INTEGRITY and
 * FINGERPRINT, is read and verified here; the success answer written here is verified by aioice; a wrong key or
 * one flipped bit fails on both sides.
 */
class StunInteropTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final String KEY = "aLongEnoughIcePassword22";

    @TempDir
    Path tmp;

    @Test
    void aioicesRequestVerifiesHereAndTheAnswerWrittenHereVerifiesThere() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "python3 not installed");
        byte[] request = HEX.parseHex(aioice("request", KEY).trim());
        StunMessage m = StunMessage.parse(request, 0, request.length);
        assertNotNull(m);
        assertEquals(StunMessage.BINDING_REQUEST, m.type());
        assertEquals("srvUfrag:cliUfrag", m.username());
        assertEquals(1853824767L, m.unsignedInt(StunMessage.ATTR_PRIORITY));
        assertEquals(0x0102030405060708L, m.longValue(StunMessage.ATTR_ICE_CONTROLLING));
        assertTrue(m.has(StunMessage.ATTR_USE_CANDIDATE));
        assertTrue(m.fingerprintValid(new CRC32()));
        assertTrue(m.integrityValid(new StunIntegrity(KEY)));
        assertFalse(m.integrityValid(new StunIntegrity(KEY + "x")), "another password does not verify");
        assertEquals(0, m.unknownRequired().length);

        byte[] flipped = request.clone();
        flipped[30] ^= 1;
        StunMessage f = StunMessage.parse(flipped, 0, flipped.length);
        assertFalse(f.fingerprintValid(new CRC32()) && f.integrityValid(new StunIntegrity(KEY)), "a flipped bit fails a check");

        byte[] out = new byte[512];
        StunWriter w = new StunWriter(out).start(StunMessage.BINDING_SUCCESS, m.transactionId())
                .xorMappedAddress(new InetSocketAddress("192.0.2.33", 40001)).integrity(new StunIntegrity(KEY)).fingerprint(new CRC32());
        String answer = HEX.formatHex(out, 0, w.length());
        String checked = aioice("check", KEY, answer);
        assertTrue(checked.startsWith("ok RESPONSE ('192.0.2.33', 40001)"), checked);
        assertTrue(aioice("check", "wrong-password-for-this", answer).startsWith("error"), "aioice refuses it with another key");
        StunMessage again = StunMessage.parse(out, 0, w.length());
        assertEquals(new InetSocketAddress("192.0.2.33", 40001), again.xorMappedAddress());

        // IPv6 XOR-MAPPED-ADDRESS (XORed with the cookie and the transaction id)
        w.start(StunMessage.BINDING_SUCCESS, m.transactionId()).xorMappedAddress(new InetSocketAddress("2001:db8::5", 3478))
                .integrity(new StunIntegrity(KEY)).fingerprint(new CRC32());
        String v6 = aioice("check", KEY, HEX.formatHex(out, 0, w.length()));
        assertTrue(v6.startsWith("ok RESPONSE ('2001:db8::5', 3478)"), v6);
    }

    @Test
    void framingErrorsAreRefusedWithoutAnException() {
        byte[] ok = new byte[512];
        int n = new StunWriter(ok).start(StunMessage.BINDING_REQUEST, new byte[12]).username("a:b").integrity(new StunIntegrity(KEY))
                .fingerprint(new CRC32()).length();
        assertNotNull(StunMessage.parse(ok, 0, n));
        assertNull(StunMessage.parse(ok, 0, n - 1), "a length that is not the header's");
        byte[] wrongCookie = ok.clone();
        wrongCookie[4] = 0;
        assertNull(StunMessage.parse(wrongCookie, 0, n));
        byte[] overrun = ok.clone();
        overrun[22] = 0x7F; // USERNAME's length beyond the message
        assertNull(StunMessage.parse(overrun, 0, n));
        // something after FINGERPRINT
        byte[] after = java.util.Arrays.copyOf(ok, n + 8);
        after[3] = (byte) (after[3] + 8);
        after[n] = 0x00;
        after[n + 1] = 0x24;
        after[n + 3] = 4;
        assertNull(StunMessage.parse(after, 0, n + 8));
    }

    String aioice(String... args) throws Exception {
        Path script = tmp.resolve("aioice_stun.py");
        if (!Files.exists(script)) {
            try (InputStream s = StunInteropTest.class.getResourceAsStream("/gateway/lib/rtc/aioice_stun.py")) {
                Files.write(script, s.readAllBytes());
            }
        }
        String[] cmd = new String[args.length + 2];
        cmd[0] = "/usr/bin/python3";
        cmd[1] = script.toString();
        System.arraycopy(args, 0, cmd, 2, args.length);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out;
    }
}

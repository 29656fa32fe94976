package gateway.lib.rtc.internal.srtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import gateway.lib.rtc.SrtpProfile;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * SRTP and SRTCP against libsrtp 2 (the reference implementation, through Debian's pylibsrtp): packets this side
 * protects are unprotected there, byte for byte, and the other way round, for both profiles — key derivation,
 * counter mode, tags, rollover counter and the SRTCP trailer. Tampered packets fail on both sides.
 */
class LibsrtpInteropTest {
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final HexFormat HEX = HexFormat.of();

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void packetsProtectedHereAreUnprotectedByLibsrtpAndTheOtherWayRound(SrtpProfile profile) throws Exception {
        assumeTrue(hasPylibsrtp(), "python3-pylibsrtp is not installed");
        Random random = new Random(profile.ordinal() + 7);
        byte[] key = new byte[profile.keyLength()];
        byte[] salt = new byte[profile.saltLength()];
        random.nextBytes(key);
        random.nextBytes(salt);

        // RTP: one SSRC, sequence numbers crossing 65535 (the rollover counter), a CSRC and a header extension
        List<byte[]> rtp = new ArrayList<>();
        for (int i = 0; i < 12; i++) rtp.add(rtpPacket(random, 0x1234_5678, (65530 + i) & 0xFFFF, i % 4 == 1, i % 4 == 2));
        List<byte[]> rtcp = new ArrayList<>();
        for (int i = 0; i < 4; i++) rtcp.add(rtcpPacket(random, 0x0BAD_CAFE));

        OutboundSrtp out = new OutboundSrtp(profile, key, salt);
        List<String> protectedRtp = new ArrayList<>();
        for (byte[] p : rtp) protectedRtp.add(HEX.formatHex(protect(p, out::protectRtp, out.rtpOverhead())));
        List<String> protectedRtcp = new ArrayList<>();
        for (byte[] p : rtcp) protectedRtcp.add(HEX.formatHex(protect(p, out::protectRtcp, out.rtcpOverhead())));
        // a tampered packet: libsrtp must refuse it too
        byte[] tampered = HEX.parseHex(protectedRtp.get(3));
        tampered[tampered.length - 1] ^= 1;
        List<String> toUnprotect = new ArrayList<>(protectedRtp);
        toUnprotect.add(HEX.formatHex(tampered));

        String job = "{\"profile\": \"" + profile + "\", \"key\": \"" + HEX.formatHex(key) + HEX.formatHex(salt) + "\", "
                + "\"unprotect_rtp\": " + json(toUnprotect) + ", \"unprotect_rtcp\": " + json(protectedRtcp) + ", "
                + "\"protect_rtp\": " + json(rtp.stream().map(HEX::formatHex).toList()) + ", "
                + "\"protect_rtcp\": " + json(rtcp.stream().map(HEX::formatHex).toList()) + "}";
        String answer = libsrtp(job);

        List<String> theirPlainRtp = array(answer, "unprotect_rtp");
        for (int i = 0; i < rtp.size(); i++) assertEquals(HEX.formatHex(rtp.get(i)), theirPlainRtp.get(i), "libsrtp unprotects RTP packet " + i);
        assertTrue(theirPlainRtp.get(rtp.size()).startsWith("error"), "libsrtp refuses a tampered tag: " + theirPlainRtp.get(rtp.size()));
        List<String> theirPlainRtcp = array(answer, "unprotect_rtcp");
        for (int i = 0; i < rtcp.size(); i++) assertEquals(HEX.formatHex(rtcp.get(i)), theirPlainRtcp.get(i), "libsrtp unprotects RTCP " + i);

        InboundSrtp in = new InboundSrtp(profile, key, salt);
        List<String> theirRtp = array(answer, "protect_rtp");
        for (int i = 0; i < rtp.size(); i++) {
            byte[] p = HEX.parseHex(theirRtp.get(i));
            int n = in.unprotectRtp(p, 0, p.length);
            assertEquals(rtp.get(i).length, n, "RTP packet " + i + " from libsrtp unprotects here");
            assertArrayEquals(rtp.get(i), Arrays.copyOf(p, n));
        }
        byte[] again = HEX.parseHex(theirRtp.get(5));
        assertEquals(InboundSrtp.REPLAYED, in.unprotectRtp(again, 0, again.length), "a replayed packet is refused");
        List<String> theirRtcp = array(answer, "protect_rtcp");
        for (int i = 0; i < rtcp.size(); i++) {
            byte[] p = HEX.parseHex(theirRtcp.get(i));
            int n = in.unprotectRtcp(p, 0, p.length);
            assertEquals(rtcp.get(i).length, n, "RTCP packet " + i + " from libsrtp unprotects here");
            assertArrayEquals(rtcp.get(i), Arrays.copyOf(p, n));
        }
        byte[] bad = HEX.parseHex(theirRtcp.get(0));
        bad[9] ^= 0x40;
        assertEquals(InboundSrtp.AUTHENTICATION_FAILED, new InboundSrtp(profile, key, salt).unprotectRtcp(bad, 0, bad.length));
    }

    interface Protect {
        int apply(byte[] p, int off, int len);
    }

    static byte[] protect(byte[] plain, Protect f, int overhead) {
        byte[] p = Arrays.copyOf(plain, plain.length + overhead);
        int n = f.apply(p, 0, plain.length);
        return Arrays.copyOf(p, n);
    }

    static byte[] rtpPacket(Random random, int ssrc, int seq, boolean csrc, boolean extension) {
        int header = 12 + (csrc ? 4 : 0) + (extension ? 8 : 0);
        byte[] p = new byte[header + 20 + random.nextInt(140)];
        random.nextBytes(p);
        p[0] = (byte) (0x80 | (csrc ? 1 : 0) | (extension ? 0x10 : 0));
        p[1] = 111;
        p[2] = (byte) (seq >>> 8);
        p[3] = (byte) seq;
        SrtpCipher.writeInt(p, 8, ssrc);
        if (extension) {
            int at = 12 + (csrc ? 4 : 0);
            p[at] = (byte) 0xBE;
            p[at + 1] = (byte) 0xDE;
            p[at + 2] = 0;
            p[at + 3] = 1;
        }
        return p;
    }

    static byte[] rtcpPacket(Random random, int ssrc) {
        byte[] p = new byte[28 + 24]; // an SR with one report block
        random.nextBytes(p);
        p[0] = (byte) 0x81;
        p[1] = (byte) 200;
        p[2] = 0;
        p[3] = 12;
        SrtpCipher.writeInt(p, 4, ssrc);
        return p;
    }

    static boolean hasPylibsrtp() throws Exception {
        if (!Files.isExecutable(PYTHON)) return false;
        Process p = new ProcessBuilder(PYTHON.toString(), "-c", "import pylibsrtp").redirectErrorStream(true).start();
        return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    }

    static String libsrtp(String job) throws Exception {
        Path script = Files.createTempFile("libsrtp", ".py");
        try (InputStream s = LibsrtpInteropTest.class.getResourceAsStream("/gateway/lib/rtc/libsrtp.py")) {
            Files.write(script, s.readAllBytes());
        }
        try {
            Process p = new ProcessBuilder(PYTHON.toString(), script.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            p.getOutputStream().write(job.getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "libsrtp.py failed: " + out);
            return out;
        } finally {
            Files.deleteIfExists(script);
        }
    }

    static String json(List<String> values) {
        return "[" + String.join(", ", values.stream().map(v -> "\"" + v + "\"").toList()) + "]";
    }

    /** The string array under a key of the flat JSON answer. */
    static List<String> array(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\": \\[(.*?)\\]").matcher(json);
        assertTrue(m.find(), key + " in " + json);
        List<String> out = new ArrayList<>();
        Matcher item = Pattern.compile("\"([^\"]*)\"").matcher(m.group(1));
        while (item.find()) out.add(item.group(1));
        return out;
    }

}

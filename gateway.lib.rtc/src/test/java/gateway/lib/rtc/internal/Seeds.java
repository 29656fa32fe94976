package gateway.lib.rtc.internal;

import gateway.lib.rtc.internal.WireFuzzTest.Datagram;
import gateway.lib.rtc.internal.rtp.Rtcp;
import gateway.lib.rtc.internal.rtp.Rtp;
import gateway.lib.rtc.internal.stun.StunIntegrity;
import gateway.lib.rtc.internal.stun.StunMessage;
import gateway.lib.rtc.internal.stun.StunWriter;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;

/**
 * The seed corpus of {@link WireFuzzTest}: well-formed STUN, RTP, RTCP and DTLS datagrams and a browser's SDP offer.
 * Regenerate with {@code java -cp target/classes:target/test-classes:<bcprov>:<slf4j-api> gateway.lib.rtc.internal.Seeds src/test/resources}.
 */
final class Seeds {
    private Seeds() {
    }

    static byte[] stunRequest() {
        byte[] out = new byte[256];
        int n = new StunWriter(out).start(StunMessage.BINDING_REQUEST, new byte[12]).username("fuzzUfrg:remote")
                .unsignedInt(StunMessage.ATTR_PRIORITY, 1853824767).longValue(StunMessage.ATTR_ICE_CONTROLLING, 42)
                .flag(StunMessage.ATTR_USE_CANDIDATE).integrity(new StunIntegrity("fuzzingPasswordOf24Chars")).fingerprint(new CRC32()).length();
        return Arrays.copyOf(out, n);
    }

    static byte[] stunSuccess() {
        byte[] out = new byte[256];
        int n = new StunWriter(out).start(StunMessage.BINDING_SUCCESS, new byte[12]).xorMappedAddress(new InetSocketAddress("192.0.2.1", 5000))
                .integrity(new StunIntegrity("fuzzingPasswordOf24Chars")).fingerprint(new CRC32()).length();
        return Arrays.copyOf(out, n);
    }

    static byte[] rtp() {
        byte[] p = new byte[12 + 4 + 8 + 40];
        p[0] = (byte) 0x91; // one CSRC, an extension
        Rtp.writeHeader(p, 0, true, 111, 1000, 48000, 0x12345678);
        p[0] = (byte) 0x91;
        p[16] = (byte) 0xBE;
        p[17] = (byte) 0xDE;
        p[19] = 1;
        return p;
    }

    static byte[] rtcp() {
        byte[] p = new byte[128];
        int n = Rtcp.writeSenderReport(p, 0, 1, 0x1234_5678_9ABC_DEF0L, 48000, 10, 1000);
        n += Rtcp.writeReceiverReport(p, n, 1, 2, 10, 3, 65000, 20, 0x12345678, 6000);
        n += Rtcp.writeCname(p, n, 1, "fuzz");
        return Arrays.copyOf(p, n);
    }

    static byte[] dtlsClientHello() {
        byte[] r = new byte[13 + 60];
        r[0] = 22;
        r[1] = (byte) 0xFE;
        r[2] = (byte) 0xFF;
        r[12] = 60;
        r[13] = 1; // client_hello
        return r;
    }

    public static void main(String[] args) throws IOException {
        Path base = Path.of(args[0], "gateway/lib/rtc/internal/WireFuzzTestInputs");
        write(base.resolve("parsersAcceptOrRejectAnyInput/seed-00"), WireFuzzTest.frame(List.of(new Datagram(0, stunRequest()),
                new Datagram(1, rtp()), new Datagram(2, rtcp()), new Datagram(0, dtlsClientHello()), new Datagram(0, stunSuccess()))));
        write(base.resolve("parsersAcceptOrRejectAnyInput/seed-01"), WireFuzzTest.frame(List.of(
                new Datagram(0, "1 1 udp 2130706431 192.0.2.1 5000 typ host".getBytes()),
                new Datagram(0, "sha-256 00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF".getBytes()))));
        try (InputStream in = Seeds.class.getResourceAsStream("/gateway/lib/rtc/sdp/chromium-156-recvonly-audio-video.sdp")) {
            write(base.resolve("sdpParsesOrRefusesAnyText/seed-00"), in.readAllBytes());
        }
        try (InputStream in = Seeds.class.getResourceAsStream("/gateway/lib/rtc/sdp/aiortc-1.4-recvonly-audio.sdp")) {
            write(base.resolve("sdpParsesOrRefusesAnyText/seed-01"), in.readAllBytes());
        }
        write(base.resolve("transportSurvivesAnyDatagrams/seed-00"), WireFuzzTest.frame(List.of(new Datagram(1, new byte[12]),
                new Datagram(0, dtlsClientHello()), new Datagram(4, rtp()), new Datagram(4, rtcp()), new Datagram(0, stunRequest()),
                new Datagram(2, new byte[40]))));
    }

    private static void write(Path file, byte[] bytes) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
    }
}

package gateway.lib.srt.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import gateway.lib.srt.RejectReason;
import gateway.lib.srt.SrtRejectedException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The handshakes and control packets both sides build, byte for byte as this library has always sent
 * them (and as libsrt 1.5 accepts them: the interop tests run the same code against ffmpeg and
 * srt-live-transmit). A change here is a change on the wire.
 */
class HandshakeExchangeTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final InetSocketAddress CALLER = new InetSocketAddress("127.0.0.1", 5000);

    private static String hex(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return HEX.formatHex(out);
    }

    private static String written(Handshake h, int timestamp, int dest) {
        return hex(h.write(ByteBuffer.allocate(1500), timestamp, dest));
    }

    @Test
    void theCallersInductionIsVersion4WithExtensionField2() {
        assertEquals("80000000" + "00000000" + "00000007" + "00000000" // control type 0, timestamp 7, to socket 0
                        + "00000004" + "0000" + "0002" + "00000064" + "000005dc" + "00002000" + "00000001" + "00001234" + "00000000"
                        + "0".repeat(32),
                written(HandshakeExchange.inductionRequest(0x1234, 100), 7, 0));
    }

    @Test
    void theListenersInductionAnswerCarriesTheMagicTheCookieAndTheCallersAddress() {
        Handshake request = HandshakeExchange.inductionRequest(0x1234, 100);
        request.mtu = 9000; // more than the listener accepts
        assertEquals("80000000" + "00000000" + "00000000" + "00001234"
                        + "00000005" + "0000" + "4a17" + "00000064" + "000005dc" + "00002000" + "00000001" + "00005678" + "cafebabe"
                        + "0100007f" + "0".repeat(24),
                written(HandshakeExchange.inductionResponse(request, CALLER, 0x5678, 0xCAFEBABE), 0, 0x1234));
    }

    @Test
    void theCallersConclusionCarriesHsreqKeyMaterialAndStreamId() {
        KeyMaterial km = new KeyMaterial(1, new byte[16], 24, new byte[32]);
        Handshake h = HandshakeExchange.conclusionRequest(0x1234, 100, 0xCAFEBABE, 120, km, "a/b");
        assertEquals("00000005" + "0003" + "0007" + "00000064" + "000005dc" + "00002000" + "ffffffff" + "00001234" + "cafebabe",
                written(h, 0, 0).substring(32, 32 + 64));
        assertEquals(List.of(Handshake.CMD_HSREQ, Handshake.CMD_KMREQ, Handshake.CMD_SID), h.extensions.stream().map(Handshake.Extension::type).toList());
        assertEquals("000105010000003f00780078", HEX.formatHex(h.extension(Handshake.CMD_HSREQ).content()));
        assertArrayEquals(km.toBytes(), h.extension(Handshake.CMD_KMREQ).content());
        assertEquals("00622f61", HEX.formatHex(h.extension(Handshake.CMD_SID).content()));

        Handshake plain = HandshakeExchange.conclusionRequest(0x1234, 100, 1, 200, null, "");
        assertEquals(0, plain.encryption);
        assertEquals(Handshake.EXT_HSREQ, plain.extensionField);
        assertEquals(List.of(Handshake.CMD_HSREQ), plain.extensions.stream().map(Handshake.Extension::type).toList());
    }

    @Test
    void theListenerReadsWhatTheCallerWrote() {
        KeyMaterial km = new KeyMaterial(1, new byte[16], 16, new byte[24]);
        Handshake sent = HandshakeExchange.conclusionRequest(0x1234, 100, 1, 250, km, "show-1");
        CallerConclusion read = CallerConclusion.read(Handshake.parse(sent.write(ByteBuffer.allocate(1500), 0, 0)));
        assertNotNull(read);
        assertEquals("show-1", read.streamId());
        assertEquals(HandshakeOptions.live(250, 250), read.options());
        assertArrayEquals(km.toBytes(), read.kmRequest());
        assertEquals(16, read.keyMaterial().keyLength());
    }

    @Test
    void aConclusionWithoutHsreqOrInFileModeIsNotRead() {
        Handshake none = HandshakeExchange.conclusionRequest(1, 1, 1, 120, null, "");
        none.extensions.clear();
        assertNull(CallerConclusion.read(none));
        Handshake file = HandshakeExchange.conclusionRequest(1, 1, 1, 120, null, "");
        file.extensions.set(0, new Handshake.Extension(Handshake.CMD_HSREQ,
                new HandshakeOptions(HandshakeOptions.SRT_VERSION, HandshakeOptions.LIVE_FLAGS | Handshake.FLAG_STREAM, 120, 120).toBytes()));
        assertNull(CallerConclusion.read(file));
        Handshake v4 = HandshakeExchange.conclusionRequest(1, 1, 1, 120, null, "");
        v4.version = 4;
        assertNull(CallerConclusion.read(v4));
    }

    @Test
    void theListenersAcceptanceEchoesTheKeyMaterialAndAnswersWithHsrsp() {
        KeyMaterial km = new KeyMaterial(1, new byte[16], 32, new byte[40]);
        Handshake request = HandshakeExchange.conclusionRequest(0x1234, 100, 0xCAFEBABE, 120, km, "x");
        Handshake r = HandshakeExchange.conclusionResponse(request, CALLER, 0x9999, HandshakeOptions.live(150, 120), km, km.toBytes());
        assertEquals("00000005" + "0004" + "0003" + "00000064" + "000005dc" + "00002000" + "ffffffff" + "00009999" + "cafebabe" + "0100007f",
                written(r, 0, 0x1234).substring(32, 32 + 72));
        assertEquals("000105010000003f00960078", HEX.formatHex(r.extension(Handshake.CMD_HSRSP).content()));
        assertArrayEquals(km.toBytes(), r.extension(Handshake.CMD_KMRSP).content());
        assertEquals(2, r.extensions.size());
    }

    @Test
    void aRefusalIsType1000PlusTheReasonsCodeAndTheCallerReadsItBack() throws Exception {
        Handshake request = HandshakeExchange.conclusionRequest(0x1234, 100, 0xCAFEBABE, 120, null, "x");
        Handshake r = HandshakeExchange.rejection(request, CALLER, 0x5678, RejectReason.UNSECURE);
        assertEquals("00000005" + "0000" + "0000" + "00000064" + "000005dc" + "00002000" + "000003f3" + "00005678" + "cafebabe",
                written(r, 0, 0x1234).substring(32, 32 + 64));
        int code = HandshakeExchange.rejectionCode(Handshake.parse(r.write(ByteBuffer.allocate(1500), 0, 0x1234)));
        assertEquals(11, code);
        SrtRejectedException e = new SrtRejectedException(code);
        assertEquals("connection rejected: password required or unexpected", e.getMessage());
        assertEquals(RejectReason.UNSECURE, e.reason().orElseThrow());
        assertEquals(-1, HandshakeExchange.rejectionCode(request));
        assertEquals("connection rejected: code 1002", new SrtRejectedException(1002).getMessage(), "an application's own code");
    }

    @Test
    void controlPacketsBothSidesSend() {
        ByteBuffer out = ByteBuffer.allocate(1500);
        assertEquals("80050000" + "00000000" + "0000002a" + "00001234" + "00000000", hex(Packets.shutdown(out, 42, 0x1234)));
        assertEquals("80010000" + "00000000" + "0000002a" + "00001234" + "00000000", hex(Packets.keepalive(out, 42, 0x1234)));
        assertEquals("80060000" + "00000007" + "0000002a" + "00001234" + "00000000", hex(Packets.ackAck(out, 7, 42, 0x1234)));
        assertEquals("ffff0004" + "00000000" + "0000002a" + "00001234" + "0102", hex(Packets.keyMaterial(out, Handshake.CMD_KMRSP, new byte[] {1, 2}, 42, 0x1234)));
    }
}

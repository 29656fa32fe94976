package gateway.callstream.internal.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameReaderTest {
    /** What the reader delivered, as readable lines. */
    private static final class Recorder implements FrameReader.Sink {
        final List<String> events = new ArrayList<>();

        @Override
        public void text(String text) {
            events.add("text " + text);
        }

        @Override
        public void binary(byte[] data) {
            events.add("binary " + data.length);
        }

        @Override
        public void ping(byte[] data) {
            events.add("ping " + new String(data, StandardCharsets.UTF_8));
        }

        @Override
        public void pong(byte[] data) {
            events.add("pong " + new String(data, StandardCharsets.UTF_8));
        }

        @Override
        public void close(int code, String reason) {
            events.add("close " + code + " " + reason);
        }

        @Override
        public void oversized(long bytes) {
            events.add("oversized " + bytes);
        }
    }

    private static byte[] bytes(int... b) {
        byte[] r = new byte[b.length];
        for (int i = 0; i < b.length; i++) r[i] = (byte) b[i];
        return r;
    }

    /** An unmasked server frame. */
    private static byte[] frame(int b0, byte[] payload) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.write(b0);
        int n = payload.length;
        if (n < 126) o.write(n);
        else if (n < 65536) {
            o.write(126);
            o.write(n >>> 8);
            o.write(n);
        } else {
            o.write(127);
            for (int s = 56; s >= 0; s -= 8) o.write((int) ((long) n >>> s));
        }
        o.writeBytes(payload);
        return o.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        for (byte[] p : parts) o.writeBytes(p);
        return o.toByteArray();
    }

    private static List<String> readAll(byte[] wire, int maxMessageBytes) throws Exception {
        FrameReader r = new FrameReader(new ByteArrayInputStream(wire), maxMessageBytes);
        Recorder rec = new Recorder();
        while (r.next(rec)) {
            // until the close
        }
        return rec.events;
    }

    private static ProtocolException refused(byte[] wire) {
        return assertThrows(ProtocolException.class, () -> readAll(wire, 1 << 20));
    }

    private static final byte[] CLOSE_1000 = frame(0x88, bytes(0x03, 0xe8));

    @Test
    void readsTheUnmaskedExamplesOfRfc6455() throws Exception {
        // RFC 6455, section 5.7: "Hello" whole, then fragmented as "Hel" + "lo", an unmasked ping and a 256-byte binary
        byte[] wire = concat(bytes(0x81, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f), bytes(0x01, 0x03, 0x48, 0x65, 0x6c), bytes(0x80, 0x02, 0x6c, 0x6f),
                bytes(0x89, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f), concat(bytes(0x82, 0x7e, 0x01, 0x00), new byte[256]), CLOSE_1000);
        assertEquals(List.of("text Hello", "text Hello", "ping Hello", "binary 256", "close 1000 "), readAll(wire, 1 << 20));
    }

    @Test
    void controlFramesMayComeBetweenFragmentsAndLongMessagesAreJoined() throws Exception {
        byte[] big = "x".repeat(70_000).getBytes(StandardCharsets.US_ASCII);
        byte[] wire = concat(frame(0x01, "{\"event\":".getBytes(StandardCharsets.UTF_8)), frame(0x8a, "p".getBytes(StandardCharsets.UTF_8)),
                frame(0x00, "\"caf\u00e9\"".getBytes(StandardCharsets.UTF_8)), frame(0x80, "}".getBytes(StandardCharsets.UTF_8)), frame(0x81, big),
                frame(0x88, concat(bytes(0x0f, 0xa0), "bye".getBytes(StandardCharsets.UTF_8))));
        List<String> events = readAll(wire, 1 << 20);
        assertEquals(List.of("pong p", "text {\"event\":\"caf\u00e9\"}", "text " + "x".repeat(70_000), "close 4000 bye"), events);
    }

    @Test
    void aMessageOverTheLimitIsReadPastAndTheNextOneDelivered() throws Exception {
        byte[] wire = concat(frame(0x01, new byte[600]), frame(0x00, new byte[600]), frame(0x80, new byte[10]), frame(0x81, "ok".getBytes(StandardCharsets.US_ASCII)),
                frame(0x82, new byte[2000]), frame(0x88, new byte[0]));
        assertEquals(List.of("oversized 1210", "text ok", "oversized 2000", "close 1005 "), readAll(wire, 1024));
    }

    @Test
    void framesARealServerMustNotSendAreProtocolErrors() {
        String[][] cases = {
                {"masked", hex(bytes(0x81, 0x82, 1, 2, 3, 4, 0x48, 0x65))},
                {"reserved bits", hex(bytes(0xc1, 0x00))},
                {"reserved opcode", hex(bytes(0x83, 0x00))},
                {"reserved opcode", hex(bytes(0x8b, 0x00))},
                {"fragmented control frame", hex(bytes(0x09, 0x00))},
                {"control frame of 126 bytes", hex(concat(bytes(0x89, 0x7e, 0x00, 0x7e), new byte[126]))},
                {"continuation frame without", hex(bytes(0x80, 0x00))},
                {"new message inside a fragmented one", hex(concat(bytes(0x01, 0x01, 0x41), bytes(0x81, 0x01, 0x42)))},
                {"most significant bit", hex(bytes(0x82, 0x7f, 0x80, 0, 0, 0, 0, 0, 0, 1))},
                {"one-byte code", hex(bytes(0x88, 0x01, 0x03))},
                {"code 1005", hex(bytes(0x88, 0x02, 0x03, 0xed))},
                {"code 999", hex(bytes(0x88, 0x02, 0x03, 0xe7))},
                {"code 2999", hex(bytes(0x88, 0x02, 0x0b, 0xb7))},
        };
        for (String[] c : cases) {
            ProtocolException e = refused(unhex(c[1]));
            assertEquals(ProtocolException.PROTOCOL_ERROR, e.closeCode(), c[0]);
            assertTrue(e.getMessage().contains(c[0]), c[0] + ": " + e.getMessage());
        }
    }

    @Test
    void textThatIsNotUtf8IsInvalidData() {
        ProtocolException e = refused(concat(bytes(0x81, 0x03, 0x61, 0xc3, 0x28), CLOSE_1000));
        assertEquals(ProtocolException.INVALID_DATA, e.closeCode());
        assertTrue(e.getMessage().contains("not UTF-8"), e.getMessage());
        // a character split over two fragments is fine
        assertFalse(assertThrowsNothing(concat(bytes(0x01, 0x01, 0xc3), bytes(0x80, 0x01, 0xa9), CLOSE_1000)).isEmpty());
    }

    @Test
    void aConnectionThatEndsMidFrameIsAnEndOfFileNotAMessage() {
        assertThrows(EOFException.class, () -> readAll(bytes(0x81, 0x05, 0x48, 0x65), 1 << 20));
        assertThrows(EOFException.class, () -> readAll(bytes(0x81), 1 << 20));
    }

    private static List<String> assertThrowsNothing(byte[] wire) {
        try {
            return readAll(wire, 1 << 20);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String hex(byte[] b) {
        return java.util.HexFormat.of().formatHex(b);
    }

    private static byte[] unhex(String s) {
        return java.util.HexFormat.of().parseHex(s);
    }
}

package gateway.callstream.internal.websocket;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads server frames (RFC 6455, section 5) and puts fragmented messages together. Anything the RFC forbids of a
 * server — a masked frame, reserved bits without an extension, an unknown opcode, a fragmented or oversized
 * control frame, a continuation without a message, a new message inside a fragmented one, a length with its top
 * bit set, a bad close code, text that is not UTF-8 — raises a {@link ProtocolException} naming it. A message
 * longer than the limit is read past and reported by its length instead of being kept (the connection goes on).
 * Not thread-safe: one reader thread.
 */
final class FrameReader {
    /** What the reader delivers, on its thread. */
    interface Sink {
        void text(String text);

        void binary(byte[] data);

        void ping(byte[] data);

        void pong(byte[] data);

        /** A close frame: {@code code} is 1005 when it carried none. */
        void close(int code, String reason);

        /** A message longer than the limit was skipped; {@code bytes} is its length. */
        void oversized(long bytes);
    }

    /** The close code that stands for a close frame without a code (RFC 6455, 7.4.1; never sent). */
    static final int NO_STATUS = 1005;

    private final InputStream in;
    private final int maxMessageBytes;
    private final byte[] header = new byte[8];
    /** The message being put together from fragments: its opcode, or -1 between messages. */
    private int messageOpcode = -1;
    private byte[] message = new byte[1024];
    private int messageLength;
    private long skipped = -1;

    FrameReader(InputStream in, int maxMessageBytes) {
        this.in = in;
        this.maxMessageBytes = maxMessageBytes;
    }

    /**
     * Reads one frame and delivers what it completes.
     *
     * @return false once a close frame was read (nothing follows it)
     * @throws EOFException      if the connection ended (without a close frame)
     * @throws ProtocolException if the server broke the protocol
     */
    boolean next(Sink sink) throws IOException {
        readFully(header, 2);
        int b0 = header[0] & 0xff, b1 = header[1] & 0xff;
        boolean fin = (b0 & 0x80) != 0;
        int opcode = b0 & 0x0f;
        if ((b0 & 0x70) != 0) throw protocol("a frame with reserved bits set (no extension was agreed)");
        if ((b1 & 0x80) != 0) throw protocol("a masked frame (a server must not mask its frames)");
        long length = b1 & 0x7f;
        if (length == 126) {
            readFully(header, 2);
            length = (header[0] & 0xff) << 8 | (header[1] & 0xff);
        } else if (length == 127) {
            readFully(header, 8);
            length = 0;
            for (int i = 0; i < 8; i++) length = length << 8 | (header[i] & 0xff);
            if (length < 0) throw protocol("a frame length with its most significant bit set");
        }
        switch (opcode) {
            case FrameWriter.OP_CLOSE, FrameWriter.OP_PING, FrameWriter.OP_PONG -> {
                if (!fin) throw protocol("a fragmented control frame");
                if (length > 125) throw protocol("a control frame of " + length + " bytes (at most 125)");
                byte[] data = new byte[(int) length];
                readFully(data, data.length);
                if (opcode == FrameWriter.OP_PING) sink.ping(data);
                else if (opcode == FrameWriter.OP_PONG) sink.pong(data);
                else {
                    close(data, sink);
                    return false;
                }
            }
            case FrameWriter.OP_TEXT, FrameWriter.OP_BINARY -> {
                if (messageOpcode != -1) throw protocol("a new message inside a fragmented one");
                messageOpcode = opcode;
                messageLength = 0;
                skipped = -1;
                data(length, fin, sink);
            }
            case FrameWriter.OP_CONTINUATION -> {
                if (messageOpcode == -1) throw protocol("a continuation frame without a message to continue");
                data(length, fin, sink);
            }
            default -> throw protocol("a frame with the reserved opcode 0x" + Integer.toHexString(opcode));
        }
        return true;
    }

    private void data(long length, boolean fin, Sink sink) throws IOException {
        if (skipped < 0 && messageLength + length > maxMessageBytes) {
            skipped = messageLength; // from here on the message is only counted
            messageLength = 0;
        }
        if (skipped >= 0) {
            skip(length);
            skipped += length;
        } else {
            int n = (int) length;
            if (messageLength + n > message.length) message = Arrays.copyOf(message, Math.max(messageLength + n, Math.min(maxMessageBytes, message.length * 2)));
            readFully(message, messageLength, n);
            messageLength += n;
        }
        if (!fin) return;
        int opcode = messageOpcode;
        messageOpcode = -1;
        if (skipped >= 0) {
            long bytes = skipped;
            skipped = -1;
            sink.oversized(bytes);
        } else if (opcode == FrameWriter.OP_TEXT) {
            sink.text(utf8(message, 0, messageLength, "a text message"));
        } else {
            sink.binary(Arrays.copyOf(message, messageLength));
        }
        if (message.length > 64 * 1024) message = new byte[1024]; // a large message does not pin its buffer
    }

    private static void close(byte[] data, Sink sink) throws ProtocolException {
        if (data.length == 0) {
            sink.close(NO_STATUS, "");
            return;
        }
        if (data.length == 1) throw protocol("a close frame with a one-byte code");
        int code = (data[0] & 0xff) << 8 | (data[1] & 0xff);
        if (!validCloseCode(code)) throw protocol("a close frame with the code " + code + ", which a peer must not send");
        sink.close(code, utf8(data, 2, data.length - 2, "a close reason"));
    }

    /** @return whether a peer may send {@code code} in a close frame (RFC 6455, 7.4) */
    static boolean validCloseCode(int code) {
        if (code >= 3000 && code <= 4999) return true;
        return code >= 1000 && code <= 1014 && code != 1004 && code != NO_STATUS && code != 1006;
    }

    private static String utf8(byte[] b, int off, int len, String what) throws ProtocolException {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b, off, len)).toString();
        } catch (CharacterCodingException e) {
            throw new ProtocolException(ProtocolException.INVALID_DATA, what + " that is not UTF-8");
        }
    }

    private static ProtocolException protocol(String what) {
        return new ProtocolException(ProtocolException.PROTOCOL_ERROR, "the service sent " + what);
    }

    private void readFully(byte[] b, int n) throws IOException {
        readFully(b, 0, n);
    }

    private void readFully(byte[] b, int off, int n) throws IOException {
        while (n > 0) {
            int r = in.read(b, off, n);
            if (r < 0) throw new EOFException("the connection ended without a close frame");
            off += r;
            n -= r;
        }
    }

    private void skip(long n) throws IOException {
        byte[] scratch = new byte[(int) Math.min(n, 8192)];
        while (n > 0) {
            int r = in.read(scratch, 0, (int) Math.min(n, scratch.length));
            if (r < 0) throw new EOFException("the connection ended without a close frame");
            n -= r;
        }
    }
}

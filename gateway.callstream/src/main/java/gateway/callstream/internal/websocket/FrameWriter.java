package gateway.callstream.internal.websocket;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.function.IntSupplier;

/**
 * Writes client frames (RFC 6455, section 5.2): each message as one final frame, masked with the key the
 * {@code masks} supply, eight bytes at a time. Frames are gathered in a buffer and reach the socket with
 * {@link #flush()} (or when the buffer is full), so frames queued together leave in one write. Not thread-safe:
 * one writer thread.
 */
final class FrameWriter {
    static final int OP_CONTINUATION = 0x0, OP_TEXT = 0x1, OP_BINARY = 0x2, OP_CLOSE = 0x8, OP_PING = 0x9, OP_PONG = 0xA;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final int MAX_HEADER = 14;

    private final OutputStream out;
    private final IntSupplier masks;
    private final byte[] buffer;
    private int position;

    /**
     * @param bufferBytes at least 64; frames longer than the buffer are written through it in parts
     */
    FrameWriter(OutputStream out, IntSupplier masks, int bufferBytes) {
        this.out = out;
        this.masks = masks;
        this.buffer = new byte[Math.max(64, bufferBytes & ~7)];
    }

    /**
     * Appends one final frame of {@code opcode} whose payload writes itself straight into the buffer, where it is
     * masked in place (no array of its own); one longer than the buffer goes through a temporary array.
     */
    void frame(int opcode, FramePayload payload) throws IOException {
        int length = payload.length();
        if (length + MAX_HEADER > buffer.length) {
            byte[] whole = new byte[length];
            payload.writeTo(whole, 0);
            frame(opcode, whole, length);
            return;
        }
        if (position + MAX_HEADER + length > buffer.length) writeBuffer();
        int key = header(opcode, length);
        payload.writeTo(buffer, position);
        mask(buffer, position, buffer, position, length, key8(key));
        position += length;
    }

    /** Appends one final frame of {@code opcode} carrying {@code payload[0, length)}, masked. */
    void frame(int opcode, byte[] payload, int length) throws IOException {
        if (position + MAX_HEADER > buffer.length) writeBuffer();
        long key8 = key8(header(opcode, length));
        int done = 0;
        while (done < length) {
            if (buffer.length - position < 8) writeBuffer();
            // whole longs while the rest of the payload fills them, so each part starts at a multiple of 8
            int room = (buffer.length - position) & ~7;
            int n = Math.min(length - done, room);
            mask(payload, done, buffer, position, n, key8);
            position += n;
            done += n;
        }
    }

    private static long key8(int key) {
        return (key & 0xffffffffL) << 32 | (key & 0xffffffffL);
    }

    /** Writes a frame header (room for it is there) and returns its masking key. */
    private int header(int opcode, int length) {
        byte[] b = buffer;
        int p = position;
        b[p++] = (byte) (0x80 | opcode);
        if (length < 126) {
            b[p++] = (byte) (0x80 | length);
        } else if (length < 65536) {
            b[p++] = (byte) (0x80 | 126);
            b[p++] = (byte) (length >>> 8);
            b[p++] = (byte) length;
        } else {
            b[p++] = (byte) (0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) b[p++] = (byte) ((long) length >>> shift);
        }
        int key = masks.getAsInt();
        b[p++] = (byte) (key >>> 24);
        b[p++] = (byte) (key >>> 16);
        b[p++] = (byte) (key >>> 8);
        b[p++] = (byte) key;
        position = p;
        return key;
    }

    /** XORs {@code n} bytes with the key, {@code in[from]} being a payload byte at a multiple of 4 from its start (the key's phase). */
    static void mask(byte[] in, int from, byte[] out, int to, int n, long key8) {
        int i = 0;
        for (; i + 8 <= n; i += 8) LONGS.set(out, to + i, (long) LONGS.get(in, from + i) ^ key8);
        for (; i < n; i++) out[to + i] = (byte) (in[from + i] ^ (key8 >>> (56 - 8 * (i & 3))));
    }

    /** @return bytes waiting in the buffer */
    int buffered() {
        return position;
    }

    /** Writes what is buffered to the socket. */
    void flush() throws IOException {
        if (position > 0) writeBuffer();
        out.flush();
    }

    private void writeBuffer() throws IOException {
        out.write(buffer, 0, position);
        position = 0;
    }
}

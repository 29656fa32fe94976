package gateway.lib.srt.internal;

import java.nio.ByteBuffer;

/** SRT packet layout (draft-sharabayko-srt section 3): the 16-byte header and control type codes. */
public final class Packets {
    public static final int HEADER = 16;
    public static final int MAX_PAYLOAD = 1456;

    public static final int HANDSHAKE = 0;
    public static final int KEEPALIVE = 1;
    public static final int ACK = 2;
    public static final int NAK = 3;
    public static final int CONGESTION = 4;
    public static final int SHUTDOWN = 5;
    public static final int ACKACK = 6;
    public static final int DROPREQ = 7;
    public static final int PEERERROR = 8;
    public static final int USER = 0x7FFF;

    private Packets() {
    }

    public static boolean isControl(ByteBuffer p) {
        return (p.get(0) & 0x80) != 0;
    }

    public static int controlType(ByteBuffer p) {
        return (p.getShort(0) & 0x7FFF);
    }

    public static int subtype(ByteBuffer p) {
        return p.getShort(2) & 0xFFFF;
    }

    public static int typeInfo(ByteBuffer p) {
        return p.getInt(4);
    }

    public static int timestamp(ByteBuffer p) {
        return p.getInt(8);
    }

    public static int destination(ByteBuffer p) {
        return p.getInt(12);
    }

    public static int sequence(ByteBuffer p) {
        return p.getInt(0) & SeqNo.MAX;
    }

    /** KK bits of a data packet: 0 clear, 1 even key, 2 odd key. */
    public static int keyIndex(ByteBuffer p) {
        return (p.get(4) >> 3) & 0x3;
    }

    public static boolean retransmitted(ByteBuffer p) {
        return (p.get(4) & 0x04) != 0;
    }

    /** Writes a control header into {@code out} (position 0) and positions it after the header. */
    public static ByteBuffer control(ByteBuffer out, int type, int subtype, int info, int timestamp, int dest) {
        out.clear();
        out.putShort((short) (0x8000 | type));
        out.putShort((short) subtype);
        out.putInt(info);
        out.putInt(timestamp);
        out.putInt(dest);
        return out;
    }

    /** Writes a keepalive (a control packet with one zero word), ready to send. */
    public static ByteBuffer keepalive(ByteBuffer out, int timestamp, int dest) {
        control(out, KEEPALIVE, 0, 0, timestamp, dest).putInt(0);
        return out.flip();
    }

    /** Writes a shutdown (a control packet with one zero word), ready to send: either side ends the connection with it. */
    public static ByteBuffer shutdown(ByteBuffer out, int timestamp, int dest) {
        control(out, SHUTDOWN, 0, 0, timestamp, dest).putInt(0);
        return out.flip();
    }

    /** Writes the acknowledgement of ACK number {@code ackNumber}, ready to send. */
    public static ByteBuffer ackAck(ByteBuffer out, int ackNumber, int timestamp, int dest) {
        control(out, ACKACK, 0, ackNumber, timestamp, dest).putInt(0);
        return out.flip();
    }

    /**
     * Writes an in-band key material message (a user-defined control packet), ready to send.
     *
     * @param subtype {@code Handshake.CMD_KMREQ} from the sender, {@code Handshake.CMD_KMRSP} from the receiver
     * @param km      the key material message
     */
    public static ByteBuffer keyMaterial(ByteBuffer out, int subtype, byte[] km, int timestamp, int dest) {
        control(out, USER, subtype, 0, timestamp, dest).put(km);
        return out.flip();
    }
}

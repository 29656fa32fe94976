package gateway.lib.srt.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The handshake control packet's information field (draft-sharabayko-srt section 3.2.1) with its
 * extensions (HSREQ/HSRSP, KMREQ/KMRSP, stream id).
 */
public final class Handshake {
    public static final int INDUCTION = 1;
    public static final int WAVEAHAND = 0;
    public static final int CONCLUSION = -1;
    public static final int AGREEMENT = -2;
    public static final int DONE = -3;
    /** Rejection codes are 1000 + reason. */
    public static final int REJECT_BASE = 1000;

    public static final int MAGIC = 0x4A17;
    public static final int EXT_HSREQ = 1;
    public static final int EXT_KMREQ = 2;
    public static final int EXT_CONFIG = 4;

    public static final int CMD_HSREQ = 1;
    public static final int CMD_HSRSP = 2;
    public static final int CMD_KMREQ = 3;
    public static final int CMD_KMRSP = 4;
    public static final int CMD_SID = 5;

    public static final int FLAG_TSBPDSND = 0x1;
    public static final int FLAG_TSBPDRCV = 0x2;
    public static final int FLAG_HAICRYPT = 0x4;
    public static final int FLAG_TLPKTDROP = 0x8;
    public static final int FLAG_NAKREPORT = 0x10;
    public static final int FLAG_REXMITFLG = 0x20;
    public static final int FLAG_STREAM = 0x40;

    static final int CIF = 48;
    static final int MAX_SID = 512;

    /** One handshake extension block. */
    public record Extension(int type, byte[] content) {}

    public int version;
    public int encryption;
    public int extensionField;
    public int initialSeq;
    public int mtu;
    public int flowWindow;
    public int type;
    public int socketId;
    public int cookie;
    public byte[] peerIp = new byte[16];
    public final List<Extension> extensions = new ArrayList<>();

    /** Parses the information field after the 16-byte header; null when malformed. */
    public static Handshake parse(ByteBuffer p) {
        if (p.remaining() < Packets.HEADER + CIF) return null;
        Handshake h = new Handshake();
        int b = Packets.HEADER;
        h.version = p.getInt(b);
        h.encryption = p.getShort(b + 4) & 0xFFFF;
        h.extensionField = p.getShort(b + 6) & 0xFFFF;
        h.initialSeq = p.getInt(b + 8) & SeqNo.MAX;
        h.mtu = p.getInt(b + 12);
        h.flowWindow = p.getInt(b + 16);
        h.type = p.getInt(b + 20);
        h.socketId = p.getInt(b + 24);
        h.cookie = p.getInt(b + 28);
        p.get(b + 32, h.peerIp);
        int pos = b + CIF;
        while (p.limit() - pos >= 4) {
            int type = p.getShort(pos) & 0xFFFF;
            int words = p.getShort(pos + 2) & 0xFFFF;
            int bytes = words * 4;
            if (bytes > p.limit() - pos - 4) return null; // length beyond the packet
            byte[] content = new byte[bytes];
            p.get(pos + 4, content);
            h.extensions.add(new Extension(type, content));
            pos += 4 + bytes;
        }
        return h;
    }

    public Extension extension(int type) {
        for (Extension e : extensions) if (e.type() == type) return e;
        return null;
    }

    /** Writes header and CIF into {@code out}, ready to send. */
    public ByteBuffer write(ByteBuffer out, int timestamp, int dest) {
        Packets.control(out, Packets.HANDSHAKE, 0, 0, timestamp, dest);
        out.putInt(version);
        out.putShort((short) encryption);
        out.putShort((short) extensionField);
        out.putInt(initialSeq);
        out.putInt(mtu);
        out.putInt(flowWindow);
        out.putInt(type);
        out.putInt(socketId);
        out.putInt(cookie);
        out.put(peerIp);
        for (Extension e : extensions) {
            out.putShort((short) e.type());
            out.putShort((short) (e.content().length / 4));
            out.put(e.content());
        }
        out.flip();
        return out;
    }

    /** Stream id extension: 4-byte words with their bytes in reverse order, zero padded. */
    public static String decodeStreamId(byte[] content) {
        if (content.length > MAX_SID) return null;
        byte[] s = new byte[content.length];
        for (int i = 0; i + 3 < content.length; i += 4) {
            s[i] = content[i + 3];
            s[i + 1] = content[i + 2];
            s[i + 2] = content[i + 1];
            s[i + 3] = content[i];
        }
        int n = s.length;
        while (n > 0 && s[n - 1] == 0) n--;
        return new String(s, 0, n, StandardCharsets.UTF_8);
    }

    public static byte[] encodeStreamId(String sid) {
        byte[] raw = sid.getBytes(StandardCharsets.UTF_8);
        byte[] padded = new byte[(raw.length + 3) / 4 * 4];
        System.arraycopy(raw, 0, padded, 0, raw.length);
        byte[] out = new byte[padded.length];
        for (int i = 0; i < padded.length; i += 4) {
            out[i] = padded[i + 3];
            out[i + 1] = padded[i + 2];
            out[i + 2] = padded[i + 1];
            out[i + 3] = padded[i];
        }
        return out;
    }

    public static byte[] words(int... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4);
        for (int v : values) b.putInt(v);
        return b.array();
    }
}

package gateway.lib.srt.internal;

import gateway.lib.srt.internal.PacketFuzzTest.Datagram;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Well-formed SRT datagrams as libsrt sends them, and the seed corpus of {@link PacketFuzzTest} built
 * from them. Regenerate with
 * {@code java -cp target/classes:target/test-classes:<slf4j-api> gateway.lib.srt.internal.Seeds src/test/resources}.
 */
final class Seeds {
    private Seeds() {
    }

    static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    static byte[] induction() {
        Handshake h = new Handshake();
        h.version = 4;
        h.extensionField = 2;
        h.type = Handshake.INDUCTION;
        h.socketId = PacketFuzzTest.PEER_ID;
        h.initialSeq = PacketFuzzTest.INITIAL_SEQ;
        h.mtu = 1500;
        h.flowWindow = 8192;
        return bytes(h.write(ByteBuffer.allocate(1500), 0, 0));
    }

    /** A caller's conclusion with HSREQ, stream id and (with a passphrase) KMREQ; cookie 0. */
    static byte[] conclusion(String passphrase, String streamId) {
        Handshake h = new Handshake();
        h.version = 5;
        h.type = Handshake.CONCLUSION;
        h.socketId = PacketFuzzTest.PEER_ID;
        h.initialSeq = PacketFuzzTest.INITIAL_SEQ;
        h.mtu = 1500;
        h.flowWindow = 8192;
        h.extensionField = Handshake.EXT_HSREQ | (streamId.isEmpty() ? 0 : Handshake.EXT_CONFIG);
        h.extensions.add(new Handshake.Extension(Handshake.CMD_HSREQ, Handshake.words(0x010501, 0x3F, (120 << 16) | 120)));
        if (passphrase != null) {
            h.encryption = 2;
            h.extensionField |= Handshake.EXT_KMREQ;
            h.extensions.add(new Handshake.Extension(Handshake.CMD_KMREQ, keyMaterial(passphrase, 1)));
        }
        if (!streamId.isEmpty()) h.extensions.add(new Handshake.Extension(Handshake.CMD_SID, Handshake.encodeStreamId(streamId)));
        return bytes(h.write(ByteBuffer.allocate(1500), 0, 0));
    }

    /** KM with the test's even key (keys 1) or both keys (3), wrapped with the passphrase. */
    static byte[] keyMaterial(String passphrase, int keys) {
        byte[] kek = SrtCrypto.kek(passphrase, PacketFuzzTest.SALT, 16);
        byte[] plain = keys == 3 ? concat(PacketFuzzTest.EVEN, PacketFuzzTest.ODD) : PacketFuzzTest.EVEN;
        return new KeyMaterial(keys, PacketFuzzTest.SALT, 16, SrtCrypto.wrap(kek, plain)).toBytes();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** A data packet; key 0 clear, 1 even, 2 odd (encrypted as libsrt does). */
    static byte[] data(int seq, int timestampMicros, int key, boolean retransmitted, int size) {
        byte[] payload = new byte[size];
        for (int i = 0; i < size; i++) payload[i] = (byte) (seq + i);
        if (key != 0) new SrtCrypto.Ctr(key == 1 ? PacketFuzzTest.EVEN : PacketFuzzTest.ODD, PacketFuzzTest.SALT)
                .apply(seq, payload, 0, size);
        ByteBuffer b = ByteBuffer.allocate(Packets.HEADER + size);
        b.putInt(seq & SeqNo.MAX);
        b.putInt(0xE0000000 | key << 27 | (retransmitted ? 0x04000000 : 0) | 1);
        b.putInt(timestampMicros);
        b.putInt(PacketFuzzTest.LOCAL_ID);
        b.put(payload);
        return b.array();
    }

    static byte[] control(int type, int subtype, int info, int... words) {
        ByteBuffer b = Packets.control(ByteBuffer.allocate(Packets.HEADER + 4 * Math.max(1, words.length)), type, subtype, info,
                0, PacketFuzzTest.LOCAL_ID);
        if (words.length == 0) b.putInt(0);
        for (int w : words) b.putInt(w);
        b.flip();
        return bytes(b);
    }

    static byte[] kmreq(int keys) {
        byte[] km = keyMaterial(PacketFuzzTest.PASSPHRASE, keys);
        ByteBuffer b = Packets.control(ByteBuffer.allocate(Packets.HEADER + km.length), Packets.USER, Handshake.CMD_KMREQ, 0, 0,
                PacketFuzzTest.LOCAL_ID);
        b.put(km).flip();
        return bytes(b);
    }

    /** Seeds for the in-process connection: streams with gaps, reordering, keys, drops, refreshes. */
    static List<byte[]> connectionSeeds() {
        int s = PacketFuzzTest.INITIAL_SEQ;
        List<byte[]> seeds = new ArrayList<>();
        seeds.add(PacketFuzzTest.frame(List.of(new Datagram(0, induction()), new Datagram(0, conclusion(PacketFuzzTest.PASSPHRASE, "a/b")),
                new Datagram(0, conclusion(null, "")))));
        seeds.add(PacketFuzzTest.frame(List.of(new Datagram(0, data(s, 0, 0, false, 160)), new Datagram(1, data(s + 1, 20_000, 0, false, 160)),
                new Datagram(3, data(s + 3, 60_000, 0, false, 160)), new Datagram(0, data(s + 2, 40_000, 0, true, 160)),
                new Datagram(0x21, control(Packets.ACKACK, 0, 1)))));
        seeds.add(PacketFuzzTest.frame(List.of(new Datagram(0, data(s, 0, 1, false, 188)), new Datagram(0, kmreq(3)),
                new Datagram(1, data(s + 1, 20_000, 2, false, 188)), new Datagram(0, data(s + 5, 100_000, 2, false, 188)),
                new Datagram(0x41, control(Packets.DROPREQ, 0, 1, s + 2, s + 4)), new Datagram(1, control(Packets.KEEPALIVE, 0, 0)),
                new Datagram(0, control(Packets.SHUTDOWN, 0, 0)))));
        seeds.add(PacketFuzzTest.frame(List.of(new Datagram(0, data(s + 10, 0, 0, false, 1316)), new Datagram(0xF1, data(s + 80, 1000, 0, false, 10)),
                new Datagram(0, control(Packets.DROPREQ, 0, 1, s - (1 << 29), s + (1 << 29))),
                new Datagram(0, control(Packets.NAK, 0, 0, 0x80000000 | s, s + 3)), new Datagram(0, control(Packets.CONGESTION, 0, 0)),
                new Datagram(0, control(Packets.PEERERROR, 0, 4000)))));
        return seeds;
    }

    /** Seeds for the live listener: handshakes with the cookie flag, then traffic to the connection. */
    static List<byte[]> listenerSeeds() {
        int s = PacketFuzzTest.INITIAL_SEQ;
        List<byte[]> seeds = new ArrayList<>();
        seeds.add(PacketFuzzTest.frame(List.of(new Datagram(0, induction()), new Datagram(1, conclusion(null, "live/1")),
                new Datagram(1, conclusion(null, "live/1")), new Datagram(2, data(s, 0, 0, false, 160)),
                new Datagram(2, data(s + 2, 40_000, 0, false, 160)), new Datagram(2, control(Packets.ACKACK, 0, 1)),
                new Datagram(2, control(Packets.SHUTDOWN, 0, 0)))));
        seeds.add(PacketFuzzTest.frame(List.of(new Datagram(1, conclusion(PacketFuzzTest.PASSPHRASE, "secret")),
                new Datagram(2, data(s, 0, 1, false, 160)), new Datagram(2, kmreq(3)), new Datagram(2, data(s + 1, 20_000, 2, false, 160)),
                new Datagram(6, control(Packets.DROPREQ, 0, 1, s + 2, s + 5)))));
        seeds.add(PacketFuzzTest.frame(List.of(new Datagram(1, conclusion("a wrong passphrase", "")), new Datagram(1, conclusion(null, "refuse")),
                new Datagram(0, conclusion(null, "no cookie")), new Datagram(1, conclusion(PacketFuzzTest.PASSPHRASE, "")),
                new Datagram(0, new byte[0]), new Datagram(0, new byte[] {(byte) 0x80, 0, 0, 0}),
                new Datagram(0, control(Packets.KEEPALIVE, 0, 0)))));
        return seeds;
    }

    public static void main(String[] args) throws IOException {
        Path base = Path.of(args[0], "gateway/lib/srt/internal/PacketFuzzTestInputs");
        write(base.resolve("parsersAcceptOrRejectAnyDatagram"), connectionSeeds());
        List<byte[]> both = new ArrayList<>(listenerSeeds());
        write(base.resolve("listenerSurvivesAnyDatagrams"), both);
    }

    private static void write(Path dir, List<byte[]> seeds) throws IOException {
        Files.createDirectories(dir);
        for (int i = 0; i < seeds.size(); i++) Files.write(dir.resolve(String.format("seed-%02d", i)), seeds.get(i));
    }
}

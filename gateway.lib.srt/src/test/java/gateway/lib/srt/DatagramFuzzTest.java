package gateway.lib.srt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.lib.srt.internal.Handshake;
import gateway.lib.srt.internal.KeyMaterial;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Mutation fuzzing of the packet parsers and of a live listener: valid handshakes, key material and
 * control packets are mutated (bit flips, truncation, extension, length fields set to extremes) and
 * fed in. Nothing may throw out of the parsers, the receive loop must survive, no connection may be
 * created from garbage, and a real caller must still get through afterwards.
 */
class DatagramFuzzTest {
    private static final int ROUNDS = Integer.getInteger("fuzz.rounds", 200_000);

    private static byte[] validConclusion() {
        Handshake h = new Handshake();
        h.version = 5;
        h.extensionField = Handshake.EXT_HSREQ | Handshake.EXT_KMREQ | Handshake.EXT_CONFIG;
        h.type = Handshake.CONCLUSION;
        h.socketId = 1234;
        h.mtu = 1500;
        h.flowWindow = 8192;
        h.extensions.add(new Handshake.Extension(Handshake.CMD_HSREQ, Handshake.words(0x010501, 0x3F, (120 << 16) | 120)));
        h.extensions.add(new Handshake.Extension(Handshake.CMD_KMREQ,
                new KeyMaterial(1, new byte[16], 16, new byte[24]).toBytes()));
        h.extensions.add(new Handshake.Extension(Handshake.CMD_SID, Handshake.encodeStreamId("fuzz-stream")));
        ByteBuffer b = h.write(ByteBuffer.allocate(1500), 0, 0);
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    private static byte[] mutate(byte[] seed, Random r) {
        byte[] d;
        switch (r.nextInt(5)) {
            case 0 -> d = java.util.Arrays.copyOf(seed, r.nextInt(seed.length + 1)); // truncate
            case 1 -> { // extend with noise
                d = java.util.Arrays.copyOf(seed, Math.min(1500, seed.length + 1 + r.nextInt(200)));
                for (int i = seed.length; i < d.length; i++) d[i] = (byte) r.nextInt();
            }
            default -> d = seed.clone();
        }
        int flips = 1 + r.nextInt(8);
        for (int i = 0; i < flips && d.length > 0; i++) {
            int pos = r.nextInt(d.length);
            switch (r.nextInt(3)) {
                case 0 -> d[pos] ^= (byte) (1 << r.nextInt(8));
                case 1 -> d[pos] = (byte) 0xFF; // extreme lengths and counts
                default -> d[pos] = 0;
            }
        }
        return d;
    }

    @Test
    void parsersNeverThrowOnMutatedInput() {
        Random r = new Random(2026);
        byte[] seed = validConclusion();
        byte[] km = new KeyMaterial(3, new byte[16], 32, new byte[72]).toBytes();
        for (int i = 0; i < ROUNDS; i++) {
            byte[] d = mutate(seed, r);
            Handshake h = Handshake.parse(ByteBuffer.wrap(d));
            if (h != null) {
                for (Handshake.Extension e : h.extensions) {
                    if (e.type() == Handshake.CMD_SID) Handshake.decodeStreamId(e.content());
                    if (e.type() == Handshake.CMD_KMREQ) KeyMaterial.parse(e.content());
                }
            }
            KeyMaterial.parse(mutate(km, r));
        }
    }

    @Test
    void aListenerSurvivesAStormOfMutatedPacketsAndStillAcceptsARealCaller() throws Exception {
        try (SrtListener listener = SrtListener.open(SrtListenerOptions.defaults(0).withPeerIdleTimeout(Duration.ofSeconds(1)),
                request -> AccessDecision.acceptUnencrypted())) {
            InetSocketAddress to = new InetSocketAddress("127.0.0.1", listener.localAddress().getPort());
            Random r = new Random(7);
            List<byte[]> seeds = new ArrayList<>();
            seeds.add(validConclusion());
            byte[] induction = validConclusion().clone();
            ByteBuffer.wrap(induction).putInt(16 + 20, Handshake.INDUCTION);
            seeds.add(induction);
            byte[] data = new byte[16 + 188]; // a data packet to a socket that may or may not exist
            seeds.add(data);
            byte[] ack = new byte[16 + 28];
            ack[0] = (byte) 0x80; ack[1] = 0x02;
            seeds.add(ack);
            try (DatagramSocket socket = new DatagramSocket()) {
                // a real induction first, so mutated conclusions carry a valid cookie and reach the deep checks
                socket.send(new DatagramPacket(induction, induction.length, to));
                byte[] answer = new byte[1500];
                DatagramPacket reply = new DatagramPacket(answer, answer.length);
                socket.setSoTimeout(2000);
                socket.receive(reply);
                int cookie = ByteBuffer.wrap(answer).getInt(16 + 28);
                ByteBuffer.wrap(seeds.get(0)).putInt(16 + 28, cookie);
                for (int i = 0; i < 20_000; i++) {
                    byte[] d = mutate(seeds.get(r.nextInt(seeds.size())), r);
                    socket.send(new DatagramPacket(d, d.length, to));
                    if (i % 1000 == 999) Thread.sleep(2); // let the receive loop keep up
                }
            }
            Peers.await("mutated datagrams counted as malformed", () -> listener.malformedDatagrams() > 0, Duration.ofSeconds(5));
            assertTrue(listener.connectionCount() <= 1000, "connections stay bounded: " + listener.connectionCount());

            // connections that mutated handshakes opened time out and are cleaned up
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (listener.connectionCount() > 0 && System.nanoTime() < deadline) Thread.sleep(50);
            assertEquals(0, listener.connectionCount(), "no connection leaked");
            while (listener.accept(Duration.ZERO) != null) { } // drain what the storm opened

            // a real caller still gets in
            try (SrtSender sender = SrtSender.connect(SrtCallerOptions.to(to))) {
                SrtConnection c = listener.accept(Duration.ofSeconds(5));
                sender.send("still alive".getBytes());
                SrtMessage m = c.receive(Duration.ofSeconds(3));
                assertEquals("still alive", new String(m.payload()));
            }
        }
    }
}

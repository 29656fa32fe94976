package gateway.lib.rtc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Forwarding one packet to N peers allocates nothing per packet: header rewriting, encryption and the socket
 * write reuse each sender's buffers. Measured with the JVM's per-thread allocation counter on the forwarding
 * thread, for 1 and for 16 peers (the least of three windows of 2000 packets).
 */
class SendAllocationTest {

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void forwardingAllocatesNothingPerPacketWhateverTheNumberOfPeers(SrtpProfile profile) throws Exception {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (RtcTransport server = LoopbackTest.transport(profile); RtcTransport client = LoopbackTest.transport(profile)) {
            List<Pairs.Pair> pairs = new ArrayList<>();
            for (int i = 0; i < 16; i++) pairs.add(Pairs.connect(server, client));
            List<AudioSender> senders = pairs.stream().map(Pairs.Pair::sender).toList();
            ByteBuffer payload = ByteBuffer.wrap(new byte[120]).asReadOnlyBuffer();
            long sequence = 0;
            // warm up (JIT, the socket's buffers, lazily made cipher state)
            for (int i = 0; i < 2000; i++, sequence++) for (AudioSender s : senders) s.send(sequence, sequence * 20_000, payload);
            for (int peers : new int[] {1, 16}) {
                // the least of three windows: an allocation per packet shows in each of them, while something the JVM
                // does once on this thread (a few KB in a loaded run) shows in one at most
                long least = Long.MAX_VALUE;
                for (int window = 0; window < 3 && least > 0; window++) {
                    long before = threads.getCurrentThreadAllocatedBytes();
                    int packets = 2000;
                    for (int i = 0; i < packets; i++, sequence++) {
                        for (int k = 0; k < peers; k++) assertTrue(senders.get(k).send(sequence, sequence * 20_000, payload));
                    }
                    long perSend = (threads.getCurrentThreadAllocatedBytes() - before) / ((long) packets * peers);
                    System.out.printf("%s: %d peer(s), window %d: %d bytes allocated per packet and peer%n", profile, peers, window + 1, perSend);
                    least = Math.min(least, perSend);
                }
                assertEquals(0, least, "bytes allocated per packet and peer with " + peers + " peer(s), in each of three windows");
            }
            assertEquals(120, payload.remaining(), "the payload's position is left alone");
        }
    }
}

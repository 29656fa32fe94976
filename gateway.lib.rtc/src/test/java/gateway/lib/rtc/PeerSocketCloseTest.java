package gateway.lib.rtc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.lib.rtc.internal.RtcEngine;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A controlling peer has a socket of its own, which the transport's receive thread selects on. A peer that closes
 * while datagrams arrive on its socket cancels that socket's key under the receive thread's feet: the thread must
 * go on for every other peer (a key cancelled between its check and its use once ended the whole transport's
 * reception).
 */
class PeerSocketCloseTest {
    private static final Pattern HOST_PORT = Pattern.compile("a=candidate:\\S+ \\d+ udp \\d+ (\\S+) (\\d+) typ host");

    @Test
    void peersClosingWhileTheirSocketsReceiveNeverStopTheTransport() throws Exception {
        try (RtcTransport client = LoopbackTest.transport(SrtpProfile.values());
             DatagramChannel flood = DatagramChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            byte[] junk = {(byte) 250, 1, 2, 3}; // neither STUN, DTLS nor RTP: counted as malformed
            for (int round = 0; round < 200; round++) {
                List<RtcPeer> peers = new ArrayList<>();
                List<InetSocketAddress> sockets = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    RtcPeer p = client.newControllingPeer(new PeerListener() { });
                    Matcher m = HOST_PORT.matcher(p.offer(LocalAudio.receive()).toString());
                    assertTrue(m.find(), "the offer names the peer's socket");
                    sockets.add(new InetSocketAddress(m.group(1), Integer.parseInt(m.group(2))));
                    peers.add(p);
                }
                Thread sender = Thread.ofPlatform().start(() -> {
                    try {
                        for (int k = 0; k < 100; k++) for (InetSocketAddress to : sockets) flood.send(ByteBuffer.wrap(junk), to);
                    } catch (java.io.IOException e) {
                        throw new IllegalStateException(e);
                    }
                });
                Thread.sleep(1);
                for (RtcPeer p : peers) p.close();
                sender.join();
                assertTrue(((RtcEngine) client).receiving(), "the receive thread still runs after round " + round);
            }
            assertEquals(0, client.stats().internalErrors());
        }
    }
}

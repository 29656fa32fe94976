package gateway.lib.srt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Our receiving caller against a listener nobody here wrote: srt-live-transmit in listener mode, sending. */
class SrtReceiverInteropTest {
    private static final String PASS = SrtListenerInteropTest.PASS;

    @TempDir
    Path dir;

    private static int freeUdpPort() throws Exception {
        try (DatagramSocket s = new DatagramSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** srt-live-transmit as an encrypted listener sending paced blocks of {@code data} once a caller is there. */
    private Process listener(int port, byte[] data) throws Exception {
        Path file = dir.resolve("data.bin");
        Files.write(file, data);
        Path script = dir.resolve("pace.py");
        // srt-live-transmit discards what it reads before a caller connected: the data starts after the handshake
        Files.writeString(script, "import sys,time\nd=open(sys.argv[1],'rb').read()\ntime.sleep(2)\n"
                + "for i in range(0,len(d),1456):\n    sys.stdout.buffer.write(d[i:i+1456]); sys.stdout.buffer.flush(); time.sleep(0.01)\n"
                + "time.sleep(30)\n");
        Process p = new ProcessBuilder("bash", "-c", "python3 " + script + " " + file + " | srt-live-transmit file://con 'srt://:" + port
                + "?mode=listener&passphrase=" + PASS + "&pbkeylen=32'").redirectErrorStream(true).redirectOutput(dir.resolve("slt.log").toFile()).start();
        Peers.awaitUdpBound(port, Duration.ofSeconds(10));
        return p;
    }

    @Test
    void receivesEveryByteInOrderFromSrtLiveTransmitAsListener() throws Exception {
        Peers.require("srt-live-transmit", "python3");
        byte[] data = new byte[150 * 1456];
        new Random(44).nextBytes(data);
        int port = freeUdpPort();
        Process slt = listener(port, data);
        try (SrtConnection c = SrtReceiver.connect(SrtCallerOptions.to(new InetSocketAddress("127.0.0.1", port)).withPassphrase(PASS, 32))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (out.size() < data.length && System.nanoTime() < deadline) {
                SrtMessage m = c.receive(Duration.ofSeconds(1));
                if (m != null) out.write(m.payload());
            }
            assertArrayEquals(data, out.toByteArray(), "every byte, in order (" + out.size() + " of " + data.length + "); " + Files.readString(dir.resolve("slt.log")));
            assertTrue(c.stats().packetsReceived() >= 150, c.stats().toString());
        } finally {
            slt.descendants().forEach(ProcessHandle::destroyForcibly);
            slt.destroyForcibly();
        }
    }

    @Test
    void aWrongPassphraseIsRefused() throws Exception {
        Peers.require("srt-live-transmit", "python3");
        int port = freeUdpPort();
        Process slt = listener(port, new byte[1456]);
        try {
            assertThrows(SrtRejectedException.class, () -> SrtReceiver.connect(SrtCallerOptions.to(new InetSocketAddress("127.0.0.1", port))
                    .withPassphrase("not-the-passphrase", 32)));
        } finally {
            slt.descendants().forEach(ProcessHandle::destroyForcibly);
            slt.destroyForcibly();
        }
    }
}

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;

/**
 * The JDK WebSocket client's cost of one media message, alone: sends FRAMES text frames of a media message's size
 * (an L16 16 kHz chunk, 883 characters) one after the other to a local WebSocket service and prints the process's
 * CPU per frame, three rounds. Run it with the gateway's JVM options (bin/gateway: -XX:TieredStopAtLevel=1) and
 * without, to see what the JIT makes of the client's character-by-character UTF-8 encoding.
 *
 * Usage: java [JVM options] WsSendBench.java WSPORT [FRAMES] (with bench/callstream/receiver.js WSPORT listening)
 */
public class WsSendBench {
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int frames = args.length > 1 ? Integer.parseInt(args[1]) : 50_000;
        WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/send-bench"), new WebSocket.Listener() {}).join();
        StringBuilder b = new StringBuilder("{\"event\":\"media\",\"sequenceNumber\":12345,\"streamId\":\"0b9f3c1e-5d1a-4c55-9a47-2f0c4d3e8a61\","
                + "\"media\":{\"track\":\"inbound\",\"timestamp\":\"1764558000000\",\"chunk\":1234,\"payload\":\"");
        while (b.length() < 880) b.append('A');
        String text = b.append("\"}}").toString();
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        for (int round = 0; round < 3; round++) {
            long cpu = os.getProcessCpuTime();
            for (int i = 0; i < frames; i++) ws.sendText(text, true).join();
            System.out.printf("%d frames of %d characters: %.1f µs of CPU per frame%n", frames, text.length(),
                    (os.getProcessCpuTime() - cpu) / 1000.0 / frames);
        }
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
    }
}

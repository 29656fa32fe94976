import gateway.callstream.internal.websocket.WebSocketConnection;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * A WebSocket client's cost of one media message, alone: sends FRAMES text frames of a media message's size (an
 * L16 16 kHz chunk, 883 characters) to a local WebSocket service and prints the process's CPU per frame, three
 * rounds, for the gateway's own client ("own": gateway.callstream's RFC 6455 client, IN_FLIGHT frames queued
 * at a time, 1 by default: a fork sends one frame every 20 ms) and for the JDK's java.net.http client ("jdk": one frame at a time, as it allows).
 * Run it with the gateway's JVM options and without (-XX:TieredStopAtLevel=1 or not) to see what the JIT makes of each.
 *
 * Usage: java [JVM options] -cp gateway.callstream.jar WsSendBench.java WSPORT [own|jdk] [FRAMES] [IN_FLIGHT]
 * (with bench/callstream/receiver.js WSPORT listening)
 */
public class WsSendBench {
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        String client = args.length > 1 ? args[1] : "own";
        int frames = args.length > 2 ? Integer.parseInt(args[2]) : 50_000;
        int inFlight = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        StringBuilder b = new StringBuilder("{\"event\":\"media\",\"sequenceNumber\":12345,\"streamId\":\"0b9f3c1e-5d1a-4c55-9a47-2f0c4d3e8a61\","
                + "\"media\":{\"track\":\"inbound\",\"timestamp\":\"1764558000000\",\"chunk\":1234,\"payload\":\"");
        while (b.length() < 880) b.append('A');
        String text = b.append("\"}}").toString();
        byte[] ascii = text.getBytes(StandardCharsets.US_ASCII);
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        URI uri = URI.create("ws://127.0.0.1:" + port + "/send-bench");
        if (client.equals("jdk")) {
            WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(uri, new WebSocket.Listener() {}).join();
            for (int round = 0; round < 3; round++) {
                long cpu = os.getProcessCpuTime();
                for (int i = 0; i < frames; i++) ws.sendText(text, true).join();
                report("jdk", frames, text.length(), os.getProcessCpuTime() - cpu);
            }
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
            return;
        }
        WebSocketConnection c = WebSocketConnection.connect(uri, new WebSocketConnection.Options(Duration.ofSeconds(5), 32768, 1 << 20, null),
                new WebSocketConnection.Listener() {
                    public void onText(String t) { }
                    public void onBinary(byte[] d) { }
                    public void onPong(byte[] d) { }
                    public void onOversized(long n) { }
                    public void onClose(int code, String reason) { }
                    public void onError(Throwable e) { e.printStackTrace(); }
                }).join();
        for (int round = 0; round < 3; round++) {
            long cpu = os.getProcessCpuTime();
            for (int i = 0; i < frames; i += inFlight) {
                CountDownLatch written = new CountDownLatch(inFlight);
                for (int j = 0; j < inFlight; j++) {
                    c.send(new WebSocketConnection.Outgoing() {
                        public int length() { return ascii.length; }
                        public void writeTo(byte[] target, int offset) { System.arraycopy(ascii, 0, target, offset, ascii.length); }
                        public void written() { written.countDown(); }
                    });
                }
                written.await();
            }
            report("own", frames, text.length(), os.getProcessCpuTime() - cpu);
        }
        c.close(1000, "done").join();
    }

    private static void report(String client, int frames, int chars, long cpuNanos) {
        System.out.printf("%s: %d frames of %d characters: %.1f µs of CPU per frame%n", client, frames, chars, cpuNanos / 1000.0 / frames);
    }
}

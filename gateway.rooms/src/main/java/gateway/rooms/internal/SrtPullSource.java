package gateway.rooms.internal;

import gateway.lib.srt.SrtCallerOptions;
import gateway.lib.srt.SrtConnection;
import gateway.lib.srt.SrtReceiver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * An {@code srt://host:port} URL pulled with the gateway as SRT caller (the source is an SRT listener, e.g. ffmpeg
 * or srt-live-transmit in listener mode): {@code streamid}, {@code passphrase}, {@code pbkeylen} and
 * {@code latency} (ms) from the query as ffmpeg names them. Connected on the first {@link #read}, on the input's
 * thread; its Ogg pages are read as the SRT push's are.
 */
final class SrtPullSource implements ByteSource {
    private final SrtCallerOptions options;
    private final String where;
    private volatile SrtSource connected;
    private volatile boolean closed;

    private SrtPullSource(SrtCallerOptions options) {
        this.options = options;
        this.where = "the SRT listener " + options.target().getHostString() + ":" + options.target().getPort();
    }

    /**
     * @param uri an {@code srt://} URL with host and port
     * @return the source
     * @throws IllegalArgumentException with what is wrong with the URL (never repeating the passphrase)
     */
    static SrtPullSource of(URI uri, Duration connectTimeout) {
        if (uri.getHost() == null || uri.getPort() <= 0) throw new IllegalArgumentException("an srt:// URL needs a host and a port");
        Map<String, String> q = new HashMap<>();
        if (uri.getRawQuery() != null) {
            for (String kv : uri.getRawQuery().split("&")) {
                int eq = kv.indexOf('=');
                if (eq > 0) q.put(kv.substring(0, eq), URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        SrtCallerOptions o = SrtCallerOptions.to(new InetSocketAddress(uri.getHost(), uri.getPort())).withConnectTimeout(connectTimeout);
        if (q.containsKey("streamid")) o = o.withStreamId(q.get("streamid"));
        if (q.containsKey("passphrase")) {
            String pass = q.get("passphrase");
            if (pass.length() < 10 || pass.length() > 79) throw new IllegalArgumentException("an SRT passphrase has 10 to 79 characters");
            int keyLength = 16;
            if (q.containsKey("pbkeylen")) {
                try {
                    keyLength = Integer.parseInt(q.get("pbkeylen"));
                } catch (NumberFormatException e) {
                    keyLength = -1;
                }
                if (keyLength != 16 && keyLength != 24 && keyLength != 32) throw new IllegalArgumentException("pbkeylen must be 16, 24 or 32");
            }
            o = o.withPassphrase(pass, keyLength);
        }
        if (q.containsKey("latency")) {
            try {
                o = o.withLatency(Duration.ofMillis(Long.parseLong(q.get("latency"))));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("latency must be milliseconds");
            }
        }
        return new SrtPullSource(o);
    }

    @Override
    public int read(byte[] buffer) throws IOException, InterruptedException {
        SrtSource s = connected;
        if (s == null) {
            SrtConnection c = SrtReceiver.connect(options);
            s = new SrtSource(c);
            connected = s;
            if (closed) s.close();
        }
        return s.read(buffer);
    }

    @Override
    public String describe() {
        return where;
    }

    @Override
    public void close() {
        closed = true;
        SrtSource s = connected;
        if (s != null) s.close();
    }
}

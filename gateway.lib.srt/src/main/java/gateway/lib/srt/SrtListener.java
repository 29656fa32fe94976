package gateway.lib.srt;

import gateway.lib.srt.internal.ListenerEngine;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * An SRT listener on one UDP port: accepts any number of callers (demultiplexed by socket id), each
 * admitted by the {@link AccessControl}. Close it to stop receiving; open connections are closed too.
 */
public final class SrtListener implements AutoCloseable {
    private final ListenerEngine engine;

    private SrtListener(ListenerEngine engine) {
        this.engine = engine;
    }

    /**
     * Binds and starts listening.
     *
     * @param options address, latency, limits
     * @param access  decides per caller
     * @return the listener
     * @throws IOException if the port cannot be bound
     */
    public static SrtListener open(SrtListenerOptions options, AccessControl access) throws IOException {
        return new SrtListener(ListenerEngine.start(options, access));
    }

    /**
     * Waits for the next accepted connection.
     *
     * @param timeout how long to wait
     * @return the connection, or null if none arrived in time
     * @throws InterruptedException if interrupted
     */
    public SrtConnection accept(Duration timeout) throws InterruptedException {
        return engine.accept(timeout);
    }

    /** @return the bound address (with the actual port when 0 was asked) */
    public InetSocketAddress localAddress() {
        return engine.localAddress();
    }

    /** @return connections open now */
    public int connectionCount() {
        return engine.connectionCount();
    }

    /** @return datagrams dropped because they were malformed or addressed to no connection */
    public long malformedDatagrams() {
        return engine.malformed();
    }

    @Override
    public void close() {
        engine.close();
    }
}

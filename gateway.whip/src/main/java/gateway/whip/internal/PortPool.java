package gateway.whip.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The TCP ports on which WHIP endpoints may be started, one bridge per port at a time. Thread-safe.
 */
final class PortPool {
    private final List<Integer> ports;
    private final Set<Integer> taken = new LinkedHashSet<>();

    PortPool(List<Integer> ports) {
        if (ports.isEmpty()) throw new IllegalArgumentException("the port pool is empty");
        this.ports = List.copyOf(ports);
    }

    /**
     * Parses a pool specification: comma-separated ports and ranges, e.g. {@code "10401"} or
     * {@code "10401-10410,10420"}.
     *
     * @param spec the specification
     * @return the ports in order, without duplicates
     * @throws IllegalArgumentException if it is malformed or names a port outside 1–65535
     */
    static List<Integer> parse(String spec) {
        Set<Integer> out = new LinkedHashSet<>();
        for (String part : spec.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) continue;
            int dash = p.indexOf('-');
            try {
                int from = Integer.parseInt((dash < 0 ? p : p.substring(0, dash)).trim());
                int to = dash < 0 ? from : Integer.parseInt(p.substring(dash + 1).trim());
                if (from < 1 || to > 65_535 || to < from) throw new IllegalArgumentException("invalid port range '" + p + "'");
                if (to - from > 10_000) throw new IllegalArgumentException("port range '" + p + "' is too large");
                for (int i = from; i <= to; i++) out.add(i);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("invalid port '" + p + "' in '" + spec + "'");
            }
        }
        if (out.isEmpty()) throw new IllegalArgumentException("no port in '" + spec + "'");
        return new ArrayList<>(out);
    }

    /** @return a free port, now taken, or empty when every port is in use */
    synchronized OptionalInt take() {
        for (int p : ports) {
            if (taken.add(p)) return OptionalInt.of(p);
        }
        return OptionalInt.empty();
    }

    /** @param port a port from {@link #take()}, free again */
    synchronized void release(int port) {
        taken.remove(port);
        notifyAll();
    }

    /**
     * Waits until a port is released (or the time is up).
     *
     * @param millis at most this long
     * @throws InterruptedException if interrupted
     */
    synchronized void awaitRelease(long millis) throws InterruptedException {
        if (taken.size() < ports.size()) return;
        wait(millis);
    }

    synchronized int free() {
        return ports.size() - taken.size();
    }

    int size() {
        return ports.size();
    }

    List<Integer> ports() {
        return Collections.unmodifiableList(ports);
    }
}

package gateway.whip.internal;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Resolves the SRT host of a bridge request once, when the bridge is requested, so that a name without an
 * address is refused before a port is taken and before the client sets up WebRTC. The system's resolver
 * cannot be interrupted and may take many seconds when a name server does not answer, so the lookup runs
 * on a thread of its own and is waited for at most the timeout. Thread-safe.
 */
final class SrtHostLookup {

    /** The name service: {@link InetAddress#getByName} in the gateway. */
    @FunctionalInterface
    interface Resolver {
        InetAddress resolve(String host) throws UnknownHostException;
    }

    private final Resolver resolver;
    private final Duration timeout;

    /**
     * @param resolver the name service
     * @param timeout  how long a lookup may take
     */
    SrtHostLookup(Resolver resolver, Duration timeout) {
        this.resolver = resolver;
        this.timeout = timeout;
    }

    /**
     * @param host a host name or a literal address (which needs no name service)
     * @param port the UDP port
     * @return the resolved address
     * @throws WhipException {@link WhipError#SRT_HOST_UNKNOWN} if the name has no address,
     *                       {@link WhipError#SRT_HOST_LOOKUP_TIMEOUT} if the name service did not answer in time
     */
    InetSocketAddress resolve(String host, int port) {
        CompletableFuture<InetAddress> found = new CompletableFuture<>();
        Thread.ofVirtual().name("whip-srt-lookup").start(() -> {
            try {
                found.complete(resolver.resolve(host));
            } catch (Throwable e) { // reported to the waiting request, never onto stderr
                found.completeExceptionally(e);
            }
        });
        try {
            return new InetSocketAddress(found.get(timeout.toMillis(), TimeUnit.MILLISECONDS), port);
        } catch (TimeoutException e) {
            throw new WhipException(WhipError.SRT_HOST_LOOKUP_TIMEOUT,
                    "the name service did not answer for '" + host + "' within " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WhipException(WhipError.SRT_HOST_LOOKUP_TIMEOUT, "the lookup of '" + host + "' was interrupted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownHostException u) {
                throw new WhipException(WhipError.SRT_HOST_UNKNOWN, "'" + host + "' does not resolve to an address"
                        + resolverWords(host, u.getMessage()));
            }
            throw new IllegalStateException("looking up " + host + " failed", e.getCause());
        }
    }

    /** The resolver's own explanation (e.g. "Name or service not known"), without the host it repeats. */
    private static String resolverWords(String host, String message) {
        if (message == null) return "";
        String m = message.startsWith(host + ": ") ? message.substring(host.length() + 2) : message;
        return m.isBlank() || m.equals(host) ? "" : " (" + m.trim() + ")";
    }
}

package gateway.lib.rtc.internal;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The host candidates a transport announces: configured ones, the bound address, or the host's interface addresses. */
final class HostCandidates {
    private HostCandidates() {
    }

    /**
     * @param configured addresses the operator gave (a port of 0 takes the bound one); may be empty
     * @param bound      the socket's address
     * @return the candidates, most preferred first; never empty
     */
    static List<InetSocketAddress> of(List<InetSocketAddress> configured, InetSocketAddress bound) {
        List<InetSocketAddress> out = new ArrayList<>();
        for (InetSocketAddress c : configured) out.add(c.getPort() == 0 ? new InetSocketAddress(c.getAddress(), bound.getPort()) : c);
        if (!out.isEmpty()) return List.copyOf(out);
        if (!bound.getAddress().isAnyLocalAddress()) return List.of(bound);
        List<InetAddress> v4 = new ArrayList<>();
        List<InetAddress> v6 = new ArrayList<>();
        try {
            for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!ni.isUp() || ni.isLoopback()) continue;
                for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                    if (a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isMulticastAddress()) continue;
                    if (a instanceof Inet4Address) v4.add(a);
                    else if (a instanceof Inet6Address && bound.getAddress() instanceof Inet6Address) v6.add(a);
                }
            }
        } catch (SocketException e) {
            // no interface list: loopback below
        }
        for (InetAddress a : v4) out.add(new InetSocketAddress(a, bound.getPort()));
        for (InetAddress a : v6) out.add(new InetSocketAddress(a, bound.getPort()));
        if (out.isEmpty()) out.add(new InetSocketAddress(InetAddress.getLoopbackAddress(), bound.getPort()));
        return List.copyOf(out);
    }
}

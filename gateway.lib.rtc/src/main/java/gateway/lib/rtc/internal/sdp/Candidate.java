package gateway.lib.rtc.internal.sdp;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Locale;

/**
 * An ICE candidate line ({@code a=candidate}, RFC 8839 §5.1) as far as this transport uses it: UDP, component 1,
 * a literal IP address.
 *
 * @param address  the candidate's transport address
 * @param priority its priority
 * @param type     {@code host}, {@code srflx}, {@code prflx} or {@code relay}
 */
public record Candidate(InetSocketAddress address, long priority, String type) {

    /** The priority of a host candidate (RFC 8445 §5.1.2.1: type preference 126, component 1). */
    public static long hostPriority(int localPreference) {
        return (126L << 24) | ((long) (localPreference & 0xFFFF) << 8) | (256 - 1);
    }

    /**
     * Reads a candidate attribute's value.
     *
     * @param value the text after {@code a=candidate:}
     * @return the candidate, or {@code null} when it is one this transport does not use (TCP, RTCP component, an
     *         mDNS name)
     * @throws IllegalArgumentException with the reason when the value breaks RFC 8839's grammar
     */
    public static Candidate parse(String value) {
        String[] f = value.trim().split(" +");
        if (f.length < 8 || !f[6].equals("typ")) {
            throw new IllegalArgumentException("'" + SdpParser.excerpt(value)
                    + "' is not '<foundation> <component> <transport> <priority> <address> <port> typ <type> ...'");
        }
        if (f[0].isEmpty() || f[0].length() > 32 || !f[0].chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '+' || c == '/')) {
            throw new IllegalArgumentException("the candidate's foundation '" + SdpParser.excerpt(f[0]) + "' is not 1-32 ice-chars");
        }
        long component = number(f[1], 3, "component");
        long priority = number(f[3], 10, "priority");
        long port = number(f[5], 5, "port");
        if (component < 1 || component > 256) throw new IllegalArgumentException("the candidate's component " + component + " is not 1-256");
        if (port > 65535) throw new IllegalArgumentException("the candidate's port " + port + " is beyond 65535");
        if (priority < 1 || priority > 0xFFFFFFFFL) throw new IllegalArgumentException("the candidate's priority is not 1-2^32-1");
        String type = f[7].toLowerCase(Locale.ROOT);
        if (!f[2].equalsIgnoreCase("udp") || component != 1) return null;
        InetAddress ip = literal(f[4]);
        if (ip == null) return null; // an mDNS name or a host name: not resolved here
        return new Candidate(new InetSocketAddress(ip, (int) port), priority, type);
    }

    private static long number(String s, int maxDigits, String what) {
        if (s.isEmpty() || s.length() > maxDigits || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("the candidate's " + what + " '" + SdpParser.excerpt(s) + "' is not a number");
        }
        return Long.parseLong(s);
    }

    /** @return the address when the text is an IPv4 or IPv6 literal, without any name lookup; else {@code null} */
    static InetAddress literal(String text) {
        try {
            if (text.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}")) {
                String[] parts = text.split("\\.");
                byte[] ip = new byte[4];
                for (int i = 0; i < 4; i++) {
                    int octet = Integer.parseInt(parts[i]);
                    if (octet > 255) return null;
                    ip[i] = (byte) octet;
                }
                return InetAddress.getByAddress(ip);
            }
            // an IPv6 literal: getByName parses it without a lookup (a colon is never a host name)
            if (text.indexOf(':') >= 0 && text.length() <= 45 && text.matches("[0-9A-Fa-f:.]+")) return InetAddress.getByName(text);
        } catch (java.net.UnknownHostException malformed) {
            return null;
        }
        return null;
    }

    /** @return the attribute value for a host candidate of this transport */
    public static String host(int foundation, InetSocketAddress address, int localPreference) {
        return foundation + " 1 udp " + hostPriority(localPreference) + " " + address.getAddress().getHostAddress() + " "
                + address.getPort() + " typ host";
    }
}

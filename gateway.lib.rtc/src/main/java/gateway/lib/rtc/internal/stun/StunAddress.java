package gateway.lib.rtc.internal.stun;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/** The (XOR-)MAPPED-ADDRESS value: family, port and address, XORed with the cookie and transaction id. */
final class StunAddress {
    private StunAddress() {
    }

    /** @return the value's length for this address: 8 for IPv4, 20 for IPv6 */
    static int length(InetSocketAddress address) {
        return address.getAddress().getAddress().length == 4 ? 8 : 20;
    }

    /**
     * Writes an XOR-MAPPED-ADDRESS value.
     *
     * @param header the message's header (cookie at +4, transaction id at +8), for the XOR
     */
    static void writeXor(byte[] out, int at, InetSocketAddress address, byte[] header, int headerAt) {
        byte[] ip = address.getAddress().getAddress();
        out[at] = 0;
        out[at + 1] = (byte) (ip.length == 4 ? 0x01 : 0x02);
        int port = address.getPort() ^ (StunMessage.MAGIC_COOKIE >>> 16);
        out[at + 2] = (byte) (port >>> 8);
        out[at + 3] = (byte) port;
        for (int i = 0; i < ip.length; i++) out[at + 4 + i] = (byte) (ip[i] ^ header[headerAt + 4 + i]);
    }

    /** @return the address, or {@code null} if the value is malformed */
    static InetSocketAddress readXor(byte[] data, int at, int length, byte[] header, int cookieAt) {
        if (length < 4) return null;
        int family = data[at + 1] & 0xFF;
        int ipLength = family == 0x01 ? 4 : family == 0x02 ? 16 : -1;
        if (ipLength < 0 || length != 4 + ipLength) return null;
        int port = StunMessage.readShort(data, at + 2) ^ (StunMessage.MAGIC_COOKIE >>> 16);
        byte[] ip = new byte[ipLength];
        for (int i = 0; i < ipLength; i++) ip[i] = (byte) (data[at + 4 + i] ^ header[cookieAt + i]);
        try {
            return new InetSocketAddress(InetAddress.getByAddress(ip), port);
        } catch (UnknownHostException e) {
            return null; // not reached: the length is 4 or 16
        }
    }
}

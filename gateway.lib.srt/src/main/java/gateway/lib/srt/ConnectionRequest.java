package gateway.lib.srt;

import java.net.InetSocketAddress;

/**
 * What an incoming caller asks for, as the access control sees it.
 *
 * @param peer      the caller's address
 * @param streamId  the stream id it sent, or "" if none
 * @param encrypted whether it sent key material (it has a passphrase)
 */
public record ConnectionRequest(InetSocketAddress peer, String streamId, boolean encrypted) {
}

package gateway.lib.rtc;

import java.nio.ByteBuffer;

/**
 * A received, decrypted RTP packet, as {@link PeerListener#onAudio} sees it. A view over the transport's receive
 * buffer: valid only during that call (copy what you keep).
 */
public interface RtpPacket {

    /** @return the sender's SSRC */
    int ssrc();

    /** @return the 16-bit sequence number */
    int sequence();

    /** @return the RTP timestamp (48 kHz for Opus), unsigned 32 bits */
    long timestamp();

    /** @return the payload type */
    int payloadType();

    /** @return the marker bit */
    boolean marker();

    /** @return the payload (for Opus, one Opus packet) as a read-only buffer over the receive buffer; valid during the call only */
    ByteBuffer payload();
}

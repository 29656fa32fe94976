package gateway.lib.rtc;

import java.nio.ByteBuffer;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Sends one stream of Opus packets to a peer as RTP, each packet's payload unchanged. Sequence numbers and
 * timestamps are rewritten per peer: they start at random values and continue without a jump when the source
 * changes ({@link #switchSource()}) or when the peer joins a stream late, so the remote decoder sees one
 * continuous stream. A gap in the source's sequence numbers (packets lost before this sender) stays a gap.
 *
 * <p><b>Threading.</b> {@link #send} and {@link #switchSource} are for one thread at a time (the thread that
 * forwards a stream to its listeners); the counters may be read from any thread.
 *
 * <p><b>Cost.</b> A send encrypts into this sender's own buffer and hands it to the socket: nothing is
 * allocated per packet, whatever the number of peers a packet goes to.
 */
@ProviderType
public interface AudioSender {

    /**
     * Sends one Opus packet. Does nothing while the peer is not {@link PeerState#CONNECTED} (the packet is
     * counted as not sent).
     *
     * @param sequence        the source's packet counter (consecutive packets differ by 1)
     * @param timestampMicros the packet's presentation time in the source's timeline, in microseconds
     * @param payload         the Opus packet between position and limit; neither is changed
     * @return whether the packet was sent
     */
    boolean send(long sequence, long timestampMicros, ByteBuffer payload);

    /**
     * The next packet comes from another source (or the same one after a discontinuity): its sequence number and
     * timestamp continue this sender's from where they are, the timestamp advanced by the time that passed.
     */
    void switchSource();

    /** @return packets sent */
    long packetsSent();

    /** @return payload bytes sent (RTP payloads, without headers) */
    long bytesSent();

    /** @return the SSRC this sender uses */
    int ssrc();
}

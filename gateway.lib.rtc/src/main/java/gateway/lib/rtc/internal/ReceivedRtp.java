package gateway.lib.rtc.internal;

import gateway.lib.rtc.RtpPacket;
import gateway.lib.rtc.internal.rtp.Rtp;
import java.nio.ByteBuffer;

/** The receive thread's one reusable view of a decrypted RTP packet (nothing allocated per packet but the view's buffer). */
final class ReceivedRtp implements RtpPacket {
    private byte[] data;
    private int off;
    private int payloadOffset;
    private int payloadLength;

    ReceivedRtp set(byte[] data, int off, int header, int payloadLength) {
        this.data = data;
        this.off = off;
        this.payloadOffset = off + header;
        this.payloadLength = payloadLength;
        return this;
    }

    @Override
    public int ssrc() {
        return Rtp.ssrc(data, off);
    }

    @Override
    public int sequence() {
        return Rtp.sequence(data, off);
    }

    @Override
    public long timestamp() {
        return Rtp.timestamp(data, off);
    }

    @Override
    public int payloadType() {
        return Rtp.payloadType(data, off);
    }

    @Override
    public boolean marker() {
        return Rtp.marker(data, off);
    }

    @Override
    public ByteBuffer payload() {
        return ByteBuffer.wrap(data, payloadOffset, payloadLength).slice().asReadOnlyBuffer();
    }
}

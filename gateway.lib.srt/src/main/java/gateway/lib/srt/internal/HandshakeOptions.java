package gateway.lib.srt.internal;

import java.nio.ByteBuffer;

/**
 * The SRT handshake extension both sides exchange in the conclusion: HSREQ from the caller, HSRSP from
 * the listener (draft-sharabayko-srt section 3.2.1.1): the SRT version, capability flags and the TSBPD
 * delays each direction asks for.
 *
 * @param srtVersion          the sender's SRT version (0x010501 is 1.5.1)
 * @param flags               {@code Handshake.FLAG_*} bits
 * @param receiverDelayMillis TSBPD delay as receiver (the high 16 bits of the third word)
 * @param senderDelayMillis   TSBPD delay as sender (the low 16 bits)
 */
public record HandshakeOptions(int srtVersion, int flags, int receiverDelayMillis, int senderDelayMillis) {
    /** The version this library announces: the libsrt release it interoperates with. */
    public static final int SRT_VERSION = 0x010501;
    /** What both sides of this library support: live mode with TSBPD both ways, encryption, too-late drop, NAK reports, retransmit flag. */
    public static final int LIVE_FLAGS = Handshake.FLAG_TSBPDSND | Handshake.FLAG_TSBPDRCV | Handshake.FLAG_HAICRYPT
            | Handshake.FLAG_TLPKTDROP | Handshake.FLAG_NAKREPORT | Handshake.FLAG_REXMITFLG;
    /** The extension's size: three 32-bit words. */
    static final int LENGTH = 12;

    /**
     * @param receiverDelayMillis the latency asked for as receiver
     * @param senderDelayMillis   the latency asked for as sender
     * @return this library's options with these delays
     */
    public static HandshakeOptions live(int receiverDelayMillis, int senderDelayMillis) {
        return new HandshakeOptions(SRT_VERSION, LIVE_FLAGS, receiverDelayMillis, senderDelayMillis);
    }

    /**
     * @param content an HSREQ or HSRSP extension's content
     * @return the options, or null when the content is too short
     */
    public static HandshakeOptions parse(byte[] content) {
        if (content.length < LENGTH) return null;
        ByteBuffer b = ByteBuffer.wrap(content);
        int delays = b.getInt(8);
        return new HandshakeOptions(b.getInt(0), b.getInt(4), (delays >>> 16) & 0xFFFF, delays & 0xFFFF);
    }

    /** @return whether the peer asks for file (stream) mode, which this library does not speak */
    public boolean streamMode() {
        return (flags & Handshake.FLAG_STREAM) != 0;
    }

    /** @return the extension's content */
    public byte[] toBytes() {
        return Handshake.words(srtVersion, flags, (receiverDelayMillis << 16) | (senderDelayMillis & 0xFFFF));
    }
}

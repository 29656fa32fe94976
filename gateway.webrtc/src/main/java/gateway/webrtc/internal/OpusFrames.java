package gateway.webrtc.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * What a stream of Opus packets received over RTP needs to become a live stream that containers can hold: each
 * packet's duration (from its TOC byte, RFC 6716 section 3.1) and the Ogg/Opus setup headers (RFC 7845 section 5),
 * which RTP does not carry.
 */
final class OpusFrames {
    /** Frame sizes in 48 kHz samples by the TOC's configuration number (RFC 6716 table 2). */
    private static final int[] FRAME_SAMPLES = {
        480, 960, 1920, 2880, 480, 960, 1920, 2880, 480, 960, 1920, 2880, // SILK NB, MB, WB: 10, 20, 40, 60 ms
        480, 960, 480, 960,                                                 // hybrid SWB, FB: 10, 20 ms
        120, 240, 480, 960, 120, 240, 480, 960, 120, 240, 480, 960, 120, 240, 480, 960 // CELT: 2.5, 5, 10, 20 ms
    };

    private OpusFrames() {
    }

    /** @return the packet's duration in microseconds, or 0 if the packet is empty or malformed */
    static long durationMicros(ByteBuffer packet) {
        int p = packet.position();
        if (packet.remaining() < 1) return 0;
        int toc = packet.get(p) & 0xFF;
        int frames = switch (toc & 3) {
            case 0 -> 1;
            case 1, 2 -> 2;
            default -> packet.remaining() < 2 ? 0 : packet.get(p + 1) & 0x3F;
        };
        long samples = (long) FRAME_SAMPLES[toc >> 3] * frames;
        return samples > 5760 ? 0 : samples * 1_000_000 / 48_000; // more than 120 ms is not a valid packet
    }

    /** @return an {@code OpusHead} for 48 kHz input with the given channels and no pre-skip known */
    static ByteBuffer head(int channels) {
        ByteBuffer b = ByteBuffer.allocate(19).order(ByteOrder.LITTLE_ENDIAN);
        b.put("OpusHead".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) channels)
                .putShort((short) 0).putInt(48_000).putShort((short) 0).put((byte) 0);
        return b.flip();
    }

    /** @return an {@code OpusTags} with the vendor string and no comments */
    static ByteBuffer tags(String vendor) {
        byte[] v = vendor.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + 4 + v.length + 4).order(ByteOrder.LITTLE_ENDIAN);
        b.put("OpusTags".getBytes(StandardCharsets.US_ASCII)).putInt(v.length).put(v).putInt(0);
        return b.flip();
    }
}

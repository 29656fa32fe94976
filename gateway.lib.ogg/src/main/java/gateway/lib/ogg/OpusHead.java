package gateway.lib.ogg;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The Opus identification header (RFC 7845 section 5.1).
 *
 * @param version         encapsulation version (major part must be 0)
 * @param channels        output channel count, 1–255
 * @param preSkip         samples (at 48 kHz) to discard from the decoder output at the start
 * @param inputSampleRate the original input's sample rate, informational (0 if unknown)
 * @param outputGain      gain in Q7.8 dB to apply on output
 * @param mappingFamily   channel mapping family (0 = mono/stereo)
 * @param raw             the header packet as it was received, for re-muxing unchanged
 */
public record OpusHead(int version, int channels, int preSkip, long inputSampleRate, int outputGain, int mappingFamily,
                       byte[] raw) {

    /**
     * @param packet the first packet of a logical bitstream
     * @return whether it is an Opus identification header
     */
    public static boolean matches(byte[] packet) {
        return packet.length >= 8 && new String(packet, 0, 8, StandardCharsets.ISO_8859_1).equals("OpusHead");
    }

    /**
     * Parses the header.
     *
     * @param packet the first packet of the stream
     * @return the header
     * @throws OggFormatException if it is not a valid Opus header
     */
    public static OpusHead parse(byte[] packet) throws OggFormatException {
        if (!matches(packet)) throw new OggFormatException("not an Opus stream: the first packet is " + describe(packet));
        if (packet.length < 19) throw new OggFormatException("OpusHead too short: " + packet.length + " bytes");
        ByteBuffer b = ByteBuffer.wrap(packet).order(ByteOrder.LITTLE_ENDIAN);
        int version = b.get(8) & 0xff;
        if ((version >> 4) != 0) throw new OggFormatException("unsupported Opus encapsulation version " + version);
        int channels = b.get(9) & 0xff;
        if (channels == 0) throw new OggFormatException("OpusHead declares 0 channels");
        int family = b.get(18) & 0xff;
        if (family != 0 && packet.length < 21 + channels) throw new OggFormatException("OpusHead channel mapping table truncated");
        return new OpusHead(version, channels, b.getShort(10) & 0xffff, b.getInt(12) & 0xffffffffL, b.getShort(16), family,
                packet.clone());
    }

    /**
     * Builds a header for a stream this gateway encodes.
     *
     * @param channels        1 or 2
     * @param preSkip         encoder delay in 48 kHz samples
     * @param inputSampleRate the source's rate
     * @return the header
     */
    public static OpusHead of(int channels, int preSkip, long inputSampleRate) {
        ByteBuffer b = ByteBuffer.allocate(19).order(ByteOrder.LITTLE_ENDIAN);
        b.put("OpusHead".getBytes(StandardCharsets.ISO_8859_1)).put((byte) 1).put((byte) channels)
                .putShort((short) preSkip).putInt((int) inputSampleRate).putShort((short) 0).put((byte) 0);
        return new OpusHead(1, channels, preSkip, inputSampleRate, 0, 0, b.array());
    }

    /**
     * The same header with another pre-skip, e.g. for a file that starts in the middle of a stream,
     * where no encoder delay needs discarding. Every other byte (gain, channel mapping) is kept.
     *
     * @param samples the new pre-skip in 48 kHz samples (0–65535)
     * @return the changed header
     */
    public OpusHead withPreSkip(int samples) {
        byte[] copy = raw.clone();
        copy[10] = (byte) samples;
        copy[11] = (byte) (samples >>> 8);
        return new OpusHead(version, channels, samples, inputSampleRate, outputGain, mappingFamily, copy);
    }

    static String describe(byte[] packet) {
        if (packet.length >= 7 && packet[0] == 1 && new String(packet, 1, 6, StandardCharsets.ISO_8859_1).equals("vorbis")) {
            return "a Vorbis header (the stream carries Vorbis, not Opus)";
        }
        if (packet.length >= 5 && new String(packet, 1, 4, StandardCharsets.ISO_8859_1).equals("FLAC")) {
            return "a FLAC header (the stream carries FLAC, not Opus)";
        }
        if (packet.length >= 8 && new String(packet, 0, 8, StandardCharsets.ISO_8859_1).equals("Speex   ")) {
            return "a Speex header (the stream carries Speex, not Opus)";
        }
        return "not an OpusHead (" + packet.length + " bytes)";
    }
}

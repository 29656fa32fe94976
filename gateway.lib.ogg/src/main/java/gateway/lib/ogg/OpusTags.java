package gateway.lib.ogg;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Opus comment header (RFC 7845 section 5.2): a vendor string and {@code KEY=value} comments.
 *
 * @param vendor   the encoder's vendor string
 * @param comments the comments in order, as {@code KEY=value} strings
 * @param raw      the header packet as received
 */
public record OpusTags(String vendor, List<String> comments, byte[] raw) {
    /** Longest comment packet accepted; larger ones (e.g. huge cover art) are refused. */
    public static final int MAX_SIZE = 1 << 20;

    /**
     * @param packet the second packet of an Opus stream
     * @return the tags
     * @throws OggFormatException if malformed
     */
    public static OpusTags parse(byte[] packet) throws OggFormatException {
        if (packet.length < 16 || !new String(packet, 0, 8, StandardCharsets.ISO_8859_1).equals("OpusTags")) {
            throw new OggFormatException("the second packet of the Opus stream is not OpusTags");
        }
        ByteBuffer b = ByteBuffer.wrap(packet).order(ByteOrder.LITTLE_ENDIAN);
        b.position(8);
        String vendor = string(b);
        if (b.remaining() < 4) throw new OggFormatException("OpusTags truncated");
        long count = b.getInt() & 0xffffffffL;
        if (count > b.remaining() / 4) throw new OggFormatException("OpusTags declares " + count + " comments, more than fit");
        List<String> comments = new ArrayList<>((int) count);
        for (long i = 0; i < count; i++) comments.add(string(b));
        return new OpusTags(vendor, List.copyOf(comments), packet.clone());
    }

    /**
     * Builds a comment header.
     *
     * @param vendor   vendor string
     * @param comments {@code KEY=value} comments
     * @return the tags
     */
    public static OpusTags of(String vendor, List<String> comments) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("OpusTags".getBytes(StandardCharsets.ISO_8859_1));
        writeString(out, vendor);
        writeInt(out, comments.size());
        for (String c : comments) writeString(out, c);
        return new OpusTags(vendor, List.copyOf(comments), out.toByteArray());
    }

    /**
     * The comments as a map with lower-case keys (the first value wins for repeated keys), e.g.
     * {@code title}, {@code artist}. Binary picture blocks are left out.
     *
     * @return the map, in comment order
     */
    public Map<String, String> asMap() {
        Map<String, String> m = new LinkedHashMap<>();
        for (String c : comments) {
            int eq = c.indexOf('=');
            if (eq <= 0) continue;
            String key = c.substring(0, eq).toLowerCase(Locale.ROOT);
            if (key.equals("metadata_block_picture")) continue;
            m.putIfAbsent(key, c.substring(eq + 1));
        }
        return m;
    }

    private static String string(ByteBuffer b) throws OggFormatException {
        if (b.remaining() < 4) throw new OggFormatException("OpusTags truncated");
        long n = b.getInt() & 0xffffffffL;
        if (n > b.remaining()) throw new OggFormatException("OpusTags string of " + n + " bytes exceeds the packet");
        byte[] s = new byte[(int) n];
        b.get(s);
        return new String(s, StandardCharsets.UTF_8);
    }

    private static void writeString(ByteArrayOutputStream out, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        writeInt(out, bytes.length);
        out.writeBytes(bytes);
    }

    private static void writeInt(ByteArrayOutputStream out, int v) {
        out.write(v);
        out.write(v >>> 8);
        out.write(v >>> 16);
        out.write(v >>> 24);
    }
}

package gateway.lib.ogg;

/** The Ogg page checksum: CRC-32 with polynomial 0x04c11db7, no reflection, initial value 0. */
final class OggCrc {
    private static final int[] TABLE = new int[256];

    static {
        for (int i = 0; i < 256; i++) {
            int r = i << 24;
            for (int j = 0; j < 8; j++) r = (r & 0x80000000) != 0 ? (r << 1) ^ 0x04c11db7 : r << 1;
            TABLE[i] = r;
        }
    }

    private OggCrc() {
    }

    static int update(int crc, byte[] data, int offset, int length) {
        for (int i = offset; i < offset + length; i++) crc = (crc << 8) ^ TABLE[((crc >>> 24) ^ data[i]) & 0xff];
        return crc;
    }
}

package gateway.lib.ogg;

/**
 * One Ogg page (RFC 3533 section 6).
 *
 * @param headerType      flags: {@link #CONTINUED}, {@link #BEGIN_OF_STREAM}, {@link #END_OF_STREAM}
 * @param granulePosition the codec's position at the end of the last packet finishing on this page, -1 if none
 * @param serial          the logical bitstream's serial number
 * @param sequence        the page's sequence number within its logical bitstream
 * @param segments        the lacing values (0–255 each)
 * @param body            the page body (all segments concatenated)
 */
public record OggPage(int headerType, long granulePosition, int serial, long sequence, int[] segments, byte[] body) {
    /** The first packet on this page continues one from the previous page. */
    public static final int CONTINUED = 0x01;
    /** First page of a logical bitstream. */
    public static final int BEGIN_OF_STREAM = 0x02;
    /** Last page of a logical bitstream. */
    public static final int END_OF_STREAM = 0x04;

    /** @return whether the first packet continues from the previous page */
    public boolean continued() {
        return (headerType & CONTINUED) != 0;
    }

    /** @return whether this is the first page of its logical bitstream */
    public boolean beginOfStream() {
        return (headerType & BEGIN_OF_STREAM) != 0;
    }

    /** @return whether this is the last page of its logical bitstream */
    public boolean endOfStream() {
        return (headerType & END_OF_STREAM) != 0;
    }

    /** @return the page's length on the wire: header, lacing values and body */
    public int size() {
        return 27 + segments.length + body.length;
    }

    /**
     * Serialises the page with a freshly computed CRC, e.g. after changing its flags.
     *
     * @return the page as it appears in an Ogg file
     */
    public byte[] encode() {
        byte[] page = new byte[size()];
        page[0] = 'O'; page[1] = 'g'; page[2] = 'g'; page[3] = 'S';
        page[5] = (byte) headerType;
        for (int i = 0; i < 8; i++) page[6 + i] = (byte) (granulePosition >>> (8 * i));
        for (int i = 0; i < 4; i++) page[14 + i] = (byte) (serial >>> (8 * i));
        for (int i = 0; i < 4; i++) page[18 + i] = (byte) (sequence >>> (8 * i));
        page[26] = (byte) segments.length;
        for (int i = 0; i < segments.length; i++) page[27 + i] = (byte) segments[i];
        System.arraycopy(body, 0, page, 27 + segments.length, body.length);
        int crc = OggCrc.update(0, page, 0, page.length);
        for (int i = 0; i < 4; i++) page[22 + i] = (byte) (crc >>> (8 * i));
        return page;
    }

    /**
     * @param flags the new header type flags
     * @return this page with other flags (encode it to get a valid CRC)
     */
    public OggPage withHeaderType(int flags) {
        return new OggPage(flags, granulePosition, serial, sequence, segments, body);
    }
}

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
}

package gateway.lib.rtc.internal.ice;

/** A STUN transaction id as a map key. */
public record TransactionId(long high, int low) {

    /** @return the id of the 12 bytes at {@code data[at]} */
    public static TransactionId of(byte[] data, int at) {
        long high = 0;
        for (int i = 0; i < 8; i++) high = high << 8 | (data[at + i] & 0xFF);
        int low = 0;
        for (int i = 8; i < 12; i++) low = low << 8 | (data[at + i] & 0xFF);
        return new TransactionId(high, low);
    }
}

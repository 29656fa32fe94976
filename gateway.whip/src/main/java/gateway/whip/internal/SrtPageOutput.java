package gateway.whip.internal;

import gateway.lib.srt.SrtSender;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * Ogg pages into SRT live-mode messages: each page the writer hands over goes out at once, split into
 * messages of at most 1316 bytes (the usual live payload: seven MPEG-TS packets' worth). Readers on the
 * other side see a plain byte stream of pages.
 */
final class SrtPageOutput extends OutputStream {
    static final int MAX_MESSAGE = 1316;
    private final SrtSender sender;

    SrtPageOutput(SrtSender sender) {
        this.sender = sender;
    }

    @Override
    public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    /** @throws gateway.lib.srt.SrtClosedException if the connection is closed */
    @Override
    public void write(byte[] b, int off, int len) {
        for (int at = off; at < off + len; at += MAX_MESSAGE) {
            sender.send(Arrays.copyOfRange(b, at, Math.min(off + len, at + MAX_MESSAGE)));
        }
    }
}

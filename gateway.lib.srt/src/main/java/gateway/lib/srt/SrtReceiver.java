package gateway.lib.srt;

import gateway.lib.srt.internal.CallerReceiver;
import java.io.IOException;

/**
 * The receiving side of a live-mode connection made as a caller, e.g. to pull from {@code srt-live-transmit} or
 * ffmpeg in listener mode: the listener's messages arrive as from a caller accepted by {@link SrtListener}.
 */
public final class SrtReceiver {
    private SrtReceiver() {
    }

    /**
     * Connects to a listener that sends.
     *
     * @param options target, stream id, passphrase, latency
     * @return the connection; {@link SrtConnection#receive} gives the listener's messages, {@link SrtConnection#close} ends it
     * @throws SrtRejectedException if the listener refused the connection (wrong passphrase, unknown stream id, ...)
     * @throws IOException          if nothing answered within the connect timeout, or the socket failed
     */
    public static SrtConnection connect(SrtCallerOptions options) throws IOException {
        return CallerReceiver.connect(options);
    }
}

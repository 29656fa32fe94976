package gateway.lib.srt;

import java.io.IOException;

/** The listener refused the connection in the handshake. */
public class SrtRejectedException extends IOException {
    private static final long serialVersionUID = 1L;
    private final int code;

    /**
     * @param code libsrt's rejection code (e.g. 11: passphrase required or unexpected)
     * @param message what it means
     */
    public SrtRejectedException(int code, String message) {
        super(message);
        this.code = code;
    }

    /** @return libsrt's rejection code */
    public int code() {
        return code;
    }
}

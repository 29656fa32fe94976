package gateway.lib.rtc;

/**
 * SDP that cannot be read or used. The message says what is wrong and where, for the remote party (e.g. as the
 * detail of a 400 answer): {@code line 4: 'm=audio nine UDP/TLS/RTP/SAVPF 111' has no port}, {@code the offer's
 * audio has no Opus (opus/48000/2); it offers PCMU/8000, PCMA/8000}. It never holds more than a short excerpt of
 * the offending text.
 */
public class SdpException extends Exception {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong, for people */
    public SdpException(String message) {
        super(message);
    }
}

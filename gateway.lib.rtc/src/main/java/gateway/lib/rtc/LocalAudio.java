package gateway.lib.rtc;

import java.util.Objects;

/**
 * The audio a peer negotiates: Opus at 48 kHz in one media section, sent or received by the gateway.
 *
 * @param direction what the gateway does with it
 * @param channels  1 or 2: the channel count the gateway announces ({@code stereo=1;sprop-stereo=1} in the Opus
 *                  format parameters for 2). The packets are the same either way; it tells the remote decoder
 *                  (and, receiving, the remote encoder) whether to keep two channels.
 */
public record LocalAudio(AudioDirection direction, int channels) {

    /** Validates the components. */
    public LocalAudio {
        Objects.requireNonNull(direction, "direction");
        if (channels != 1 && channels != 2) throw new IllegalArgumentException("channels must be 1 or 2, got " + channels);
    }

    /** @return stereo audio sent by the gateway */
    public static LocalAudio send() {
        return new LocalAudio(AudioDirection.SEND, 2);
    }

    /** @return stereo audio received by the gateway */
    public static LocalAudio receive() {
        return new LocalAudio(AudioDirection.RECEIVE, 2);
    }
}

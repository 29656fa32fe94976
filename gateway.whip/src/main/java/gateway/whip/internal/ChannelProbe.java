package gateway.whip.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Decides from a bridge's first decoded frames how many channels its output has. Before WebRTC has decoded
 * the first packet, its playout hands over silence in mono; after, frames have the decoder's layout (stereo,
 * as the answer allows). So mono frames are held until a stereo frame arrives, or until
 * {@value #SETTLE_FRAMES} mono frames in a row (100 ms) show that the stream really is mono; then all held
 * frames are released, to be encoded with the decided layout. Not thread-safe (the relay's sending thread).
 */
final class ChannelProbe {
    static final int SETTLE_FRAMES = 10;

    private final List<OpusRelay.PcmFrame> held = new ArrayList<>();
    private int channels;

    /**
     * @param frame the next decoded frame
     * @return the frames to encode now, in order: none while undecided; after the decision, the held frames
     *         and this one the first time, then just this one
     */
    List<OpusRelay.PcmFrame> offer(OpusRelay.PcmFrame frame) {
        if (channels > 0) return List.of(frame);
        held.add(frame);
        if (frame.channels() < 2 && held.size() < SETTLE_FRAMES) return List.of();
        channels = Math.min(2, frame.channels());
        List<OpusRelay.PcmFrame> start = List.copyOf(held);
        held.clear();
        return start;
    }

    /** @return 1 or 2 once decided, 0 before */
    int channels() {
        return channels;
    }
}

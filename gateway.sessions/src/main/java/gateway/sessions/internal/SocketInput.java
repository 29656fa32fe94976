package gateway.sessions.internal;

import gateway.api.rooms.RoomService;
import gateway.api.stream.StreamRegistry;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

/**
 * A task's input sent over the control socket ({@code input_audio_data}): 16-bit little-endian PCM at the task's
 * rate and channels, mixed down to mono, queued (up to {@value #MAX_SECONDS} s) and paced out as an Opus track that a
 * participant of the session's room ({@value #IDENTITY}) publishes. That track is the pipeline's input, so every
 * processor and every WebRTC subscriber sees it as it would see a WebRTC publisher's track. Silence while nothing is
 * queued, so the track runs without gaps between the client's messages.
 */
final class SocketInput implements AutoCloseable {
    static final String IDENTITY = "publisher-socket";
    static final int MAX_SECONDS = 10;

    private final TaskSpec.Transport format;
    private final ForkReply queue = new ForkReply(MAX_SECONDS);
    private final PacedTrack track;

    /**
     * @param format the socket's rate and channels
     * @param failed told when the track cannot go on
     */
    SocketInput(TaskSpec.Transport format, RoomService rooms, String room, Consumer<String> failed) {
        this.format = format;
        this.track = new PacedTrack(rooms, room, IDENTITY, queue, reached -> { }, failed);
    }

    /** Publishes the track in the room; the caller closes this when it throws. */
    void open(StreamRegistry registry, ScheduledExecutorService clock, String sessionId, String room) {
        track.open(registry, clock, "session-socket-input", "socket input",
                Map.of("session", sessionId, "room", room, "source", "control socket"));
    }

    TaskSpec.Transport format() {
        return format;
    }

    /** @return the input track's sid, null once closed */
    String trackSid() {
        return track.trackSid();
    }

    /**
     * Queues one {@code input_audio_data} message's audio.
     *
     * @param pcm 16-bit little-endian samples, interleaved when the task declares two channels
     * @throws TaskException {@code VALIDATION_ERROR} for a length that is not whole samples of every channel;
     *                       {@code RATE_LIMITED} when more than {@value #MAX_SECONDS} s are queued (the audio is dropped)
     */
    void add(byte[] pcm) throws TaskException {
        int frameBytes = 2 * format.channels();
        if (pcm.length % frameBytes != 0) {
            throw new TaskException(TaskException.VALIDATION_ERROR, "input_audio_data carries 16-bit PCM with " + format.channels()
                    + " channel(s): a multiple of " + frameBytes + " bytes, not " + pcm.length);
        }
        byte[] mono = pcm;
        if (format.channels() == 2) {
            mono = new byte[pcm.length / 2];
            for (int i = 0, o = 0; i < pcm.length; i += 4, o += 2) {
                int l = (short) ((pcm[i] & 0xff) | (pcm[i + 1] << 8));
                int r = (short) ((pcm[i + 2] & 0xff) | (pcm[i + 3] << 8));
                int m = (l + r) / 2;
                mono[o] = (byte) m;
                mono[o + 1] = (byte) (m >> 8);
            }
        }
        if (!queue.add(mono, format.sampleRate())) {
            throw new TaskException(TaskException.RATE_LIMITED, "input audio is played in real time and at most " + MAX_SECONDS
                    + " s may wait: this message's audio was dropped");
        }
    }

    @Override
    public void close() {
        track.close();
        queue.close();
    }
}

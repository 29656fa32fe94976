package gateway.webrtc.internal;

import gateway.api.webrtc.WebRtcPlayback;
import java.util.Objects;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * WebRTC playback for other plugins (rooms): the same sessions as {@code POST /whep/{stream}}, with a listener for
 * their end. Bound to whichever WHEP configuration is active (public or managed): its authorisation is the caller's.
 */
@Component(service = WebRtcPlayback.class)
public final class PlaybackService implements WebRtcPlayback {
    private final WhepSessions sessions;

    @Activate
    public PlaybackService(@Reference WhepSessions sessions) {
        this.sessions = sessions;
    }

    @Override
    public Playback play(String streamId, String offer, Listener listener) {
        WhepSessions.Started started = sessions.start(streamId, offer, Objects.requireNonNull(listener));
        WhepSession session = started.session();
        String answer = started.answer();
        return new Playback() {
            @Override
            public String id() {
                return session.id();
            }

            @Override
            public String answer() {
                return answer;
            }

            @Override
            public void end(String reason) {
                session.end(EndCause.DELETED, reason);
            }
        };
    }

    @Override
    public SlotPlayback playSlots(String offer, int maxSlots, SlotListener listener) {
        return sessions.startSlots(offer, maxSlots, Objects.requireNonNull(listener));
    }
}

package gateway.callstream.internal;

import gateway.api.stream.LiveStream;
import gateway.api.stream.MediaHandler;
import gateway.api.stream.MediaPacket;
import gateway.api.stream.MediaSession;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The outbound track: attaches to every reply stream (a live stream whose metadata {@code call} names the call
 * it answers, whoever publishes it) and hands its audio, decoded once per format, to the forks of that call
 * that asked for {@code outbound} or {@code both}. Registered by {@link CallStreamService} itself for as long as
 * it is active (a whiteboard handler that needs the service which opens the reply streams).
 */
final class OutboundTap implements MediaHandler {
    /** The whiteboard filter: reply streams. */
    static final String TARGET = "(metadata." + CallStreamService.REPLY_CALL_KEY + "=*)";

    private final CallStreamService service;

    OutboundTap(CallStreamService service) {
        this.service = service;
    }

    @Override
    public MediaSession attach(LiveStream reply) {
        String callId = reply.metadata().get(CallStreamService.REPLY_CALL_KEY);
        if (callId == null) return null;
        CallAudio audio = new CallAudio(service.totals()::countDecodeError);
        return new MediaSession() {
            private final Map<MediaFormat, Boolean> joined = new EnumMap<>(MediaFormat.class);

            @Override
            public void onPacket(MediaPacket packet) {
                List<Fork> forks = service.outbound().of(callId);
                if (forks.isEmpty()) return;
                Map<MediaFormat, List<CallAudio.Chunk>> byFormat = new EnumMap<>(MediaFormat.class);
                for (Fork f : forks) {
                    MediaFormat format = f.request.format();
                    List<CallAudio.Chunk> chunks = byFormat.get(format);
                    if (chunks == null) {
                        if (joined.putIfAbsent(format, Boolean.TRUE) == null) audio.join(format);
                        chunks = audio.chunks(packet, format);
                        byFormat.put(format, chunks);
                    }
                    for (CallAudio.Chunk c : chunks) f.sendMedia(Track.OUTBOUND, c);
                }
            }

            @Override
            public void onEnd(gateway.api.stream.StreamState state, String reason) {
                audio.close();
            }

            @Override
            public void onDetached() {
                audio.close();
            }
        };
    }
}

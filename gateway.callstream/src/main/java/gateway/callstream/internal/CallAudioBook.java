package gateway.callstream.internal;

import java.util.HashMap;
import java.util.Map;

/** The shared decode stage of each call that forks read, created with its first reader and dropped with its last. */
final class CallAudioBook {
    private final Map<String, CallAudio> calls = new HashMap<>();

    synchronized CallAudio acquire(String callId, MediaFormat format) {
        CallAudio audio = calls.computeIfAbsent(callId, id -> new CallAudio());
        audio.join(format);
        return audio;
    }

    synchronized void release(String callId, MediaFormat format) {
        CallAudio audio = calls.get(callId);
        if (audio != null && audio.leave(format)) calls.remove(callId);
    }

    synchronized int size() {
        return calls.size();
    }
}

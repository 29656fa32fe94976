package gateway.callstream.internal;

import java.util.HashMap;
import java.util.Map;

/** The shared decode stage of each call that forks read, created with its first reader and freed with its last. */
final class CallAudioBook {
    private final Map<String, CallAudio> calls = new HashMap<>();
    private final Runnable decodeError;

    /** @param decodeError told of each packet that could not be decoded */
    CallAudioBook(Runnable decodeError) {
        this.decodeError = decodeError;
    }

    synchronized CallAudio acquire(String callId, MediaFormat format) {
        CallAudio audio = calls.computeIfAbsent(callId, id -> new CallAudio(decodeError));
        audio.join(format);
        return audio;
    }

    synchronized void release(String callId, MediaFormat format) {
        CallAudio audio = calls.get(callId);
        if (audio != null && audio.leave(format)) {
            calls.remove(callId);
            audio.close();
        }
    }

    /** Frees every decode stage (the plugin stops). */
    synchronized void close() {
        calls.values().forEach(CallAudio::close);
        calls.clear();
    }

    synchronized int size() {
        return calls.size();
    }
}

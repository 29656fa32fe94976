package gateway.itest.osgi.slowdetach;

import gateway.api.stream.MediaPacket;
import gateway.api.stream.MediaSession;
import gateway.api.stream.StreamState;
import java.util.Map;

/** One session of {@link SlowDetachHandler}: reports late callbacks, and takes 300 ms to detach. */
final class SlowDetachSession implements MediaSession {
    private final SlowDetachHandler handler;
    private final String stream;
    private final boolean requested;

    SlowDetachSession(SlowDetachHandler handler, String stream, boolean requested) {
        this.handler = handler;
        this.stream = stream;
        this.requested = requested;
    }

    @Override
    public void onPacket(MediaPacket packet) {
        check("onPacket");
    }

    @Override
    public void onEnd(StreamState state, String reason) {
        check("onEnd");
        handler.publish("itest-ended", Map.of("stream", stream, "requested", requested));
    }

    @Override
    public void onDetached() {
        check("onDetached");
        try {
            Thread.sleep(SlowDetachHandler.DETACH_MILLIS); // finishing a file
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        handler.publish("itest-detached", Map.of("stream", stream, "requested", requested,
                "finishedAt", System.nanoTime(), "afterDeactivate", handler.deactivated()));
    }

    private void check(String callback) {
        if (handler.late(requested)) {
            handler.publish("itest-late-callback", Map.of("stream", stream, "requested", requested, "callback", callback));
        }
    }
}

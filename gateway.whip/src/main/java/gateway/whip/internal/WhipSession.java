package gateway.whip.internal;

import dev.onvoid.webrtc.CreateSessionDescriptionObserver;
import dev.onvoid.webrtc.PeerConnectionObserver;
import dev.onvoid.webrtc.RTCAnswerOptions;
import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCIceGatheringState;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCPeerConnectionState;
import dev.onvoid.webrtc.RTCRtpTransceiver;
import dev.onvoid.webrtc.RTCRtpTransceiverDirection;
import dev.onvoid.webrtc.RTCSdpType;
import dev.onvoid.webrtc.RTCSessionDescription;
import dev.onvoid.webrtc.RTCStats;
import dev.onvoid.webrtc.RTCStatsType;
import dev.onvoid.webrtc.SetSessionDescriptionObserver;
import dev.onvoid.webrtc.media.MediaStreamTrack;
import dev.onvoid.webrtc.media.audio.AudioTrack;
import dev.onvoid.webrtc.media.audio.AudioTrackSink;
import gateway.lib.webrtc.PeerConnections;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WebRTC side of one WHIP session: a receive-only peer connection that answers the client's offer and
 * hands the decoded audio of its audio track to a listener.
 *
 * <p>Native objects: the peer connection is the only one this class creates (the remote track belongs to
 * it and must not be disposed of here). {@link #close} removes the audio sink, then closes the peer
 * connection and frees it ({@link PeerConnections#close}), after which the track is gone too; it must not be
 * called on a WebRTC thread (from a callback).
 *
 * <p>Callbacks: WebRTC calls this class on its own native threads. An exception must not travel back into
 * the native library, so every callback is {@linkplain #guarded guarded}: a failure is logged with its stack
 * trace and ends the session's bridge ({@link EndCause#INTERNAL_ERROR}).
 */
final class WhipSession implements PeerConnectionObserver {
    private static final Logger LOG = LoggerFactory.getLogger(WhipSession.class);

    /** What the session reports. Called on WebRTC's threads: must not block. */
    interface Listener {
        /** ICE and DTLS are up: media can flow. */
        void onConnected();

        /** The connection failed, was closed by the peer, or a callback failed. */
        void onFailed(EndCause cause, String reason);

        /** 10 ms of decoded audio (only after {@link #onConnected}). */
        void onAudio(OpusRelay.PcmFrame frame);
    }

    private final Listener listener;
    private final CompletableFuture<Void> gathered = new CompletableFuture<>();
    private final RTCPeerConnection pc;
    private final String offerUfrag;
    private String answer;
    private AudioTrack track;
    private AudioTrackSink sink;
    private volatile boolean connected;
    private volatile boolean closed;

    private WhipSession(WebRtcEngine engine, String offer, Listener listener) {
        this.listener = listener;
        this.offerUfrag = attribute(offer, "a=ice-ufrag:");
        this.pc = engine.createPeerConnection(this);
    }

    /**
     * Answers an offer: sets it, creates the answer with every local candidate (no trickle from this side:
     * waits for ICE gathering to finish, at most {@code timeout}).
     *
     * @param engine   the WebRTC stack
     * @param offer    the client's offer, already {@linkplain SdpOffer#check checked}
     * @param listener what to tell
     * @param timeout  how long each step may take
     * @return the session, its {@link #answer()} ready
     * @throws WhipException {@link WhipError#OFFER_UNACCEPTABLE} if WebRTC refuses the offer or cannot apply its
     *                       answer to it, {@link WhipError#WEBRTC_UNAVAILABLE} if WebRTC cannot run,
     *                       {@link WhipError#WEBRTC_TIMEOUT} if it is too slow, {@link WhipError#WEBRTC_FAILED} if
     *                       gathering candidates fails
     */
    static WhipSession answer(WebRtcEngine engine, String offer, Listener listener, Duration timeout) {
        WhipSession s;
        try {
            s = new WhipSession(engine, offer, listener);
        } catch (IllegalStateException e) {
            throw new WhipException(WhipError.WEBRTC_UNAVAILABLE, e.getMessage());
        }
        try {
            s.negotiate(offer, timeout);
            return s;
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
    }

    private void negotiate(String offer, Duration timeout) {
        CompletableFuture<Void> remote = new CompletableFuture<>();
        refusable("WebRTC refused the offer", () -> pc.setRemoteDescription(new RTCSessionDescription(RTCSdpType.OFFER, offer), observer(remote)));
        await(remote, timeout, WhipError.OFFER_UNACCEPTABLE, "WebRTC refused the offer");
        for (RTCRtpTransceiver t : pc.getTransceivers()) {
            // Audio only: other media sections are answered inactive, so nothing is received or decoded for them.
            MediaStreamTrack received = t.getReceiver().getTrack();
            if (received == null || !MediaStreamTrack.AUDIO_TRACK_KIND.equals(received.getKind())) {
                t.setDirection(RTCRtpTransceiverDirection.INACTIVE);
            }
        }
        CompletableFuture<RTCSessionDescription> created = new CompletableFuture<>();
        refusable("WebRTC could not answer the offer", () -> pc.createAnswer(new RTCAnswerOptions(), new CreateSessionDescriptionObserver() {
            @Override
            public void onSuccess(RTCSessionDescription description) {
                created.complete(description);
            }

            @Override
            public void onFailure(String error) {
                created.completeExceptionally(new IllegalStateException(error));
            }
        }));
        RTCSessionDescription local = await(created, timeout, WhipError.OFFER_UNACCEPTABLE, "WebRTC could not answer the offer");
        CompletableFuture<Void> set = new CompletableFuture<>();
        // what makes this fail is the offer's transport (e.g. a fingerprint WebRTC cannot use): the client's to fix
        refusable("WebRTC could not apply its answer to the offer",
                () -> pc.setLocalDescription(new RTCSessionDescription(RTCSdpType.ANSWER, SdpOffer.allowStereo(local.sdp)), observer(set)));
        await(set, timeout, WhipError.OFFER_UNACCEPTABLE, "WebRTC could not apply its answer to the offer");
        if (pc.getIceGatheringState() != RTCIceGatheringState.COMPLETE) {
            try {
                gathered.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                // answer with the candidates gathered so far
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException e) {
                throw new WhipException(WhipError.WEBRTC_FAILED, "gathering ICE candidates failed: " + e.getCause().getMessage());
            }
        }
        answer = pc.getLocalDescription().sdp;
    }

    private static SetSessionDescriptionObserver observer(CompletableFuture<Void> done) {
        return new SetSessionDescriptionObserver() {
            @Override
            public void onSuccess() {
                done.complete(null);
            }

            @Override
            public void onFailure(String error) {
                done.completeExceptionally(new IllegalStateException(error));
            }
        };
    }

    /**
     * Runs a WebRTC call that parses what the client sent. webrtc-java reports input it cannot parse by throwing a
     * plain {@link java.lang.Error} (e.g. "Create session description failed: Expect line: o="), which is the
     * client's mistake, not the gateway's: the offer is refused with the reason.
     */
    private static void refusable(String what, Runnable call) {
        try {
            call.run();
        } catch (Error e) {
            if (e.getClass() != Error.class) throw e;
            throw new WhipException(WhipError.OFFER_UNACCEPTABLE, what + ": " + e.getMessage());
        }
    }

    private static <T> T await(CompletableFuture<T> f, Duration timeout, WhipError failure, String what) {
        try {
            return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new WhipException(failure, what + ": " + e.getCause().getMessage());
        } catch (TimeoutException e) {
            throw new WhipException(WhipError.WEBRTC_TIMEOUT, what + ": no result within " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WhipException(WhipError.WEBRTC_TIMEOUT, what + ": interrupted");
        }
    }

    /** @return the SDP answer, with all local candidates */
    String answer() {
        return answer;
    }

    /** @return the ICE username fragment of the offer (for trickle ICE fragments), or null */
    String offerUfrag() {
        return offerUfrag;
    }

    /**
     * Adds remote candidates that arrived later (trickle ICE).
     *
     * @param candidates the candidates
     * @throws WhipException {@link WhipError#FRAGMENT_UNACCEPTABLE} if WebRTC refuses one
     */
    synchronized void addCandidates(List<RTCIceCandidate> candidates) {
        if (closed) return;
        for (RTCIceCandidate c : candidates) {
            try {
                pc.addIceCandidate(c);
            } catch (RuntimeException | Error e) {
                // webrtc-java reports a candidate it cannot parse as a plain java.lang.Error
                if (e instanceof Error && e.getClass() != Error.class) throw e;
                throw new WhipException(WhipError.FRAGMENT_UNACCEPTABLE, "WebRTC refused the candidate '" + c.sdp + "': " + e.getMessage());
            }
        }
    }

    /**
     * Asks WebRTC for the packets received so far on the audio stream (asynchronous).
     *
     * @param result gets the count, on a WebRTC thread
     */
    synchronized void packetsReceived(LongConsumer result) {
        if (closed || !connected) return;
        pc.getStats(report -> guarded("the statistics callback", () -> {
            long packets = 0;
            for (RTCStats s : report.getStats().values()) {
                if (s.getType() == RTCStatsType.INBOUND_RTP && s.getAttributes().get("packetsReceived") instanceof Number n) {
                    packets += n.longValue();
                }
            }
            result.accept(packets);
        }));
    }

    boolean isConnected() {
        return connected;
    }

    /** Removes the audio sink, then closes and frees the peer connection. Idempotent. */
    synchronized void close() {
        if (closed) return;
        closed = true;
        connected = false;
        if (track != null && sink != null) {
            try {
                track.removeSink(sink);
            } catch (RuntimeException ignored) {
                // the track is already gone with its connection
            }
        }
        PeerConnections.close(pc); // closes and frees the native peer connection
    }

    @Override
    public void onIceCandidate(RTCIceCandidate candidate) {
        // every candidate goes into the answer (gathering is awaited), none is sent separately
    }

    @Override
    public void onIceGatheringChange(RTCIceGatheringState state) {
        if (state == RTCIceGatheringState.COMPLETE) gathered.complete(null);
    }

    @Override
    public void onConnectionChange(RTCPeerConnectionState state) {
        if (closed) return; // our own close, or a refused offer's connection giving up: nothing to report
        guarded("the connection state callback", () -> {
            switch (state) {
                case CONNECTED -> {
                    if (!connected) {
                        connected = true;
                        listener.onConnected();
                    }
                }
                case FAILED -> listener.onFailed(EndCause.WEBRTC_FAILED, "the WebRTC connection failed (ICE or DTLS)");
                default -> {
                    // NEW, CONNECTING, DISCONNECTED (may recover; the watchdog decides), CLOSED (our own close)
                }
            }
        });
    }

    @Override
    public void onTrack(RTCRtpTransceiver transceiver) {
        guarded("the track callback", () -> addSink(transceiver));
    }

    // Not synchronized: close() holds the lock while WebRTC's signaling thread, which calls this, closes the connection.
    private void addSink(RTCRtpTransceiver transceiver) {
        MediaStreamTrack t = transceiver.getReceiver().getTrack();
        if (t instanceof AudioTrack audio && track == null && !closed) {
            AudioTrackSink s = (data, bitsPerSample, sampleRate, channels, frames) -> guarded("the audio callback", () -> {
                if (connected && bitsPerSample == 16 && frames > 0) {
                    listener.onAudio(new OpusRelay.PcmFrame(data, sampleRate, channels, frames));
                }
            });
            audio.addSink(s);
            track = audio;
            sink = s;
        }
    }

    /**
     * Runs a callback's work so that nothing it throws reaches WebRTC's native thread: the failure is logged
     * with its stack trace and ends the bridge.
     */
    private void guarded(String what, Runnable work) {
        try {
            work.run();
        } catch (Throwable e) {
            LOG.error("WHIP session: {} failed", what, e);
            try {
                listener.onFailed(EndCause.INTERNAL_ERROR, what + " failed: " + e);
            } catch (Throwable again) {
                LOG.error("WHIP session: ending the bridge after a failed callback failed too", again);
            }
        }
    }

    private static String attribute(String sdp, String prefix) {
        for (String line : sdp.split("\r?\n")) {
            if (line.startsWith(prefix)) return line.substring(prefix.length()).trim();
        }
        return null;
    }
}

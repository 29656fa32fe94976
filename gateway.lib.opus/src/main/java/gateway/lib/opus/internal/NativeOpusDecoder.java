package gateway.lib.opus.internal;

import gateway.lib.opus.OpusDecodingException;
import java.lang.ref.Cleaner;

/**
 * An Opus decoder of the system's libopus. Its state and its two buffers are native memory, freed by
 * {@link #close} — or, should the owner forget, when the object is garbage collected.
 */
public final class NativeOpusDecoder implements DecoderBackend {
    /** The largest packet accepted: Opus's own maximum is 1275 bytes per frame, up to 48 frames (120 ms of 2.5 ms). */
    static final int MAX_PACKET_BYTES = 1275 * 48;

    /** What is freed, kept apart from the decoder so the cleaner does not keep the decoder reachable. */
    private record Memory(LibOpus lib, long state, long in, long out) implements Runnable {
        @Override
        public void run() {
            try {
                lib.decoderDestroy.invokeExact(state);
            } catch (Throwable t) {
                // nothing more can be done for memory that cannot be given back
            }
            NativeAccess.free(in);
            NativeAccess.free(out);
        }
    }

    private final LibOpus lib;
    private final int channels;
    private final long state;
    private final long in;
    private final long out;
    private final Cleaner.Cleanable cleanable;
    private boolean closed;

    /**
     * @throws IllegalArgumentException if libopus refuses the rate or channel count
     */
    public NativeOpusDecoder(LibOpus lib, int sampleRate, int channels, int maxSamples) {
        this.lib = lib;
        this.channels = channels;
        long error = NativeAccess.malloc(8);
        long st;
        try {
            st = (long) lib.decoderCreate.invokeExact(sampleRate, channels, error);
            int code = (int) NativeAccess.getLong(error);
            if (st == 0 || code != LibOpus.OK) throw new IllegalArgumentException("libopus refuses a decoder at " + sampleRate + " Hz, "
                    + channels + " channel(s): " + lib.describe(code));
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        } finally {
            NativeAccess.free(error);
        }
        this.state = st;
        this.in = NativeAccess.malloc(MAX_PACKET_BYTES);
        this.out = NativeAccess.malloc((long) maxSamples * channels * 2);
        this.cleanable = NativeAccess.CLEANER.register(this, new Memory(lib, st, in, out));
    }

    @Override
    public int decode(byte[] packet, int offset, int length, short[] pcm, int maxSamples) {
        if (closed) throw new IllegalStateException("the decoder is closed");
        if (length > MAX_PACKET_BYTES) throw new OpusDecodingException("an Opus packet is at most " + MAX_PACKET_BYTES + " bytes, not " + length);
        int n;
        try {
            if (packet == null) {
                n = (int) lib.decode.invokeExact(state, 0L, 0, out, maxSamples, 0);
            } else {
                NativeAccess.copy(packet, offset, in, length);
                n = (int) lib.decode.invokeExact(state, in, length, out, maxSamples, 0);
            }
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
        if (n < 0) {
            throw new OpusDecodingException(packet == null ? "packet loss concealment failed: " + lib.describe(n)
                    : "invalid Opus packet (" + length + " bytes): " + lib.describe(n));
        }
        NativeAccess.copy(out, pcm, 0, n * channels);
        return n;
    }

    @Override
    public String implementation() {
        return lib.version();
    }

    @Override
    public void close() {
        closed = true;
        cleanable.clean();
    }
}

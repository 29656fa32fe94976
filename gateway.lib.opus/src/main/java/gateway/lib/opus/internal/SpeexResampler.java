package gateway.lib.opus.internal;

import java.lang.ref.Cleaner;

/**
 * A resampler of the system's libspeexdsp for mono 16-bit samples, at quality {@value #QUALITY} of 10 (the
 * library's "desktop" setting: a long enough filter that what would alias lies about 80 dB down). Its output is
 * aligned with the input ({@code speex_resampler_skip_zeros}). Its state and buffers are native memory, freed by
 * {@link #close} or, should the owner forget, when the object is garbage collected.
 */
public final class SpeexResampler implements ResamplerBackend {
    static final int QUALITY = 5;

    private record Memory(LibSpeexDsp lib, long state, long[] buffers) implements Runnable {
        @Override
        public void run() {
            try {
                lib.destroy.invokeExact(state);
            } catch (Throwable t) {
                // nothing more can be done for memory that cannot be given back
            }
            for (long b : buffers) NativeAccess.free(b);
        }
    }

    private final LibSpeexDsp lib;
    private final long state;
    private final int inRate;
    private final int outRate;
    /** in, out, in_len, out_len: grown buffers are tracked here so the cleaner frees the current ones. */
    private final long[] buffers = new long[4];
    private int inCapacity;
    private int outCapacity;
    private final Cleaner.Cleanable cleanable;
    private long consumed;
    private long produced;
    private boolean closed;

    /** @throws IllegalArgumentException if the library refuses the rates */
    public SpeexResampler(LibSpeexDsp lib, int inRate, int outRate) {
        this.lib = lib;
        this.inRate = inRate;
        this.outRate = outRate;
        long error = NativeAccess.malloc(8);
        long st;
        try {
            st = (long) lib.init.invokeExact(1, inRate, outRate, QUALITY, error);
            int code = (int) NativeAccess.getLong(error);
            if (st == 0 || code != LibSpeexDsp.OK) throw new IllegalArgumentException("libspeexdsp refuses " + inRate + " → " + outRate + " Hz: " + lib.describe(code));
            int skipped = (int) lib.skipZeros.invokeExact(st); // the output starts aligned with the input
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        } finally {
            NativeAccess.free(error);
        }
        this.state = st;
        buffers[2] = NativeAccess.malloc(8);
        buffers[3] = NativeAccess.malloc(8);
        this.cleanable = NativeAccess.CLEANER.register(this, new Memory(lib, st, buffers));
    }

    @Override
    public int resample(short[] in, int inOffset, int inLength, short[] out, int outOffset, int room) {
        if (closed) throw new IllegalStateException("the resampler is closed");
        if (inLength == 0) return 0; // no input pointer would mean zeros to the library
        ensure(inLength, room);
        NativeAccess.copy(in, inOffset, buffers[0], inLength);
        int n = process(buffers[0], inLength, room, out, outOffset);
        consumed += inLength;
        return n;
    }

    @Override
    public int flush(short[] out, int outOffset, int room) {
        if (closed) throw new IllegalStateException("the resampler is closed");
        int written = 0;
        try {
            // zeros after the signal's end push out what the filter holds, up to the input's duration at the output rate
            int latency = (int) lib.inputLatency.invokeExact(state);
            long end = Math.ceilDiv(consumed * outRate, inRate);
            int wanted = (int) Math.max(0, Math.min(room, end - produced));
            if (wanted > 0 && latency > 0) {
                ensure(latency + 1, wanted);
                written = process(0L, latency + 1, wanted, out, outOffset);
            }
            int rc = (int) lib.resetMem.invokeExact(state);
            rc = (int) lib.skipZeros.invokeExact(state);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
        consumed = 0;
        produced = 0;
        return written;
    }

    /** Runs the library on {@code inLength} samples at {@code in} (0: zeros); writes at most {@code room} samples. */
    private int process(long in, int inLength, int room, short[] out, int outOffset) {
        ensure(0, room);
        int rc;
        try {
            NativeAccess.putInt(buffers[2], inLength);
            NativeAccess.putInt(buffers[3], room);
            rc = (int) lib.process.invokeExact(state, 0, in, buffers[2], buffers[1], buffers[3]);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
        if (rc != LibSpeexDsp.OK) throw new IllegalStateException("libspeexdsp failed: " + lib.describe(rc));
        int n = (int) (NativeAccess.getLong(buffers[3]) & 0xffff_ffffL);
        NativeAccess.copy(buffers[1], out, outOffset, n);
        produced += n;
        return n;
    }

    private void ensure(int inSamples, int outSamples) {
        if (inSamples > inCapacity) {
            NativeAccess.free(buffers[0]);
            buffers[0] = 0;
            inCapacity = Math.max(inSamples, 2 * inCapacity);
            buffers[0] = NativeAccess.malloc(inCapacity * 2L);
        }
        if (outSamples > outCapacity) {
            NativeAccess.free(buffers[1]);
            buffers[1] = 0;
            outCapacity = Math.max(outSamples, 2 * outCapacity);
            buffers[1] = NativeAccess.malloc(outCapacity * 2L);
        }
    }

    @Override
    public String implementation() {
        return lib.version() + " (quality " + QUALITY + ")";
    }

    @Override
    public void close() {
        closed = true;
        cleanable.clean();
    }
}

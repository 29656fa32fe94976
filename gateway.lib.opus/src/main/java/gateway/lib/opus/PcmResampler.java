package gateway.lib.opus;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Converts mono 16-bit PCM between the rates telephony and Opus use: down from 12, 16, 24 or 48 kHz to 8, 12 or
 * 16 kHz, and up from 8, 12 or 16 kHz to 12, 16, 24 or 48 kHz.
 *
 * <p>This is libopus's own resampler (the one its SILK codec uses, as ported by Concentus): band-limited
 * polyphase FIR filters after an IIR stage, so that nothing above the new Nyquist frequency folds back into the
 * audio. Concentus keeps it package-private; it is reached once through a private method handle, which is safe
 * because this bundle embeds exactly one Concentus release privately (a unit test breaks the build if another
 * release changes it).
 *
 * <p>Stateful (its filters carry over from call to call): use one resampler per continuous signal. It works in
 * whole milliseconds; an input that is not a whole number of milliseconds is kept until the rest arrives, so
 * the output can trail the input by less than 1 ms. Not thread-safe. Pure Java: nothing to release.
 */
public final class PcmResampler {
    private static final int[] RATES = {8_000, 12_000, 16_000, 24_000, 48_000};
    private static final MethodHandle NEW_STATE;
    private static final MethodHandle INIT;
    private static final MethodHandle RESAMPLE;

    static {
        try {
            Class<?> resampler = Class.forName("io.github.jaredmdobson.concentus.Resampler");
            Class<?> state = Class.forName("io.github.jaredmdobson.concentus.SilkResamplerState");
            MethodHandles.Lookup r = MethodHandles.privateLookupIn(resampler, MethodHandles.lookup());
            MethodHandles.Lookup s = MethodHandles.privateLookupIn(state, MethodHandles.lookup());
            NEW_STATE = s.findConstructor(state, MethodType.methodType(void.class)).asType(MethodType.methodType(Object.class));
            INIT = r.findStatic(resampler, "silk_resampler_init", MethodType.methodType(int.class, state, int.class, int.class, int.class))
                    .asType(MethodType.methodType(int.class, Object.class, int.class, int.class, int.class));
            RESAMPLE = r.findStatic(resampler, "silk_resampler",
                            MethodType.methodType(int.class, state, short[].class, int.class, short[].class, int.class, int.class))
                    .asType(MethodType.methodType(int.class, Object.class, short[].class, int.class, short[].class, int.class, int.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Object state;
    private final int inRate;
    private final int outRate;
    private final int inPerMs;
    private final int outPerMs;
    /** Input held back until a whole millisecond is there. */
    private final short[] pending;
    private int pendingLength;

    /**
     * @param inRate  input rate in Hz
     * @param outRate output rate in Hz
     * @throws IllegalArgumentException if the pair is not supported ({@link #supports})
     */
    public PcmResampler(int inRate, int outRate) {
        if (!supports(inRate, outRate)) throw new IllegalArgumentException("cannot resample from " + inRate + " Hz to " + outRate + " Hz");
        this.inRate = inRate;
        this.outRate = outRate;
        this.inPerMs = inRate / 1000;
        this.outPerMs = outRate / 1000;
        this.pending = new short[inPerMs];
        try {
            this.state = NEW_STATE.invokeExact();
            int forEncoder = outRate < inRate ? 1 : 0;
            int rc = (int) INIT.invokeExact(state, inRate, outRate, forEncoder);
            if (rc != 0) throw new IllegalArgumentException("the resampler refused " + inRate + " → " + outRate + " Hz (" + rc + ")");
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /**
     * @param inRate  input rate in Hz
     * @param outRate output rate in Hz
     * @return whether a resampler can be made for the pair (equal rates included: a copy)
     */
    public static boolean supports(int inRate, int outRate) {
        if (!isRate(inRate) || !isRate(outRate)) return false;
        if (outRate < inRate) return outRate <= 16_000;
        if (outRate > inRate) return inRate <= 16_000;
        return true;
    }

    private static boolean isRate(int r) {
        for (int x : RATES) if (x == r) return true;
        return false;
    }

    /**
     * The most output samples a call with {@code inSamples} samples can produce, for sizing the output array.
     *
     * @param inSamples input samples of one call
     * @return an upper bound of the output samples
     */
    public int maxOutput(int inSamples) {
        return (inSamples + inPerMs) / inPerMs * outPerMs;
    }

    /**
     * Resamples a block of input.
     *
     * @param in        input samples
     * @param inOffset  first input sample
     * @param inLength  input samples, any count
     * @param out       output array, with room for {@link #maxOutput(int) maxOutput(inLength)} samples from {@code outOffset}
     * @param outOffset where the output starts
     * @return output samples written: exactly {@code inLength × outRate / inRate} over any run of calls whose
     *         input adds up to whole milliseconds
     */
    public int resample(short[] in, int inOffset, int inLength, short[] out, int outOffset) {
        int written = 0;
        int at = inOffset;
        int end = inOffset + inLength;
        if (pendingLength > 0) {
            int take = Math.min(inPerMs - pendingLength, end - at);
            System.arraycopy(in, at, pending, pendingLength, take);
            pendingLength += take;
            at += take;
            if (pendingLength < inPerMs) return 0;
            written += run(pending, 0, inPerMs, out, outOffset);
            pendingLength = 0;
        }
        int whole = (end - at) / inPerMs * inPerMs;
        if (whole > 0) {
            written += run(in, at, whole, out, outOffset + written);
            at += whole;
        }
        if (at < end) {
            System.arraycopy(in, at, pending, 0, end - at);
            pendingLength = end - at;
        }
        return written;
    }

    private int run(short[] in, int offset, int length, short[] out, int outOffset) {
        try {
            int rc = (int) RESAMPLE.invokeExact(state, out, outOffset, in, offset, length);
            if (rc != 0) throw new IllegalStateException("resampling failed (" + rc + ")");
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
        return length / inPerMs * outPerMs;
    }

    /** @return the input rate in Hz */
    public int inRate() {
        return inRate;
    }

    /** @return the output rate in Hz */
    public int outRate() {
        return outRate;
    }
}

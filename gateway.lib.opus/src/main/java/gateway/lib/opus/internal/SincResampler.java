package gateway.lib.opus.internal;

/**
 * A band-limited resampler in pure Java, for rates in a ratio of small integers (8, 12, 16, 24 and 48 kHz): the
 * signal is (conceptually) upsampled by L with zeros, low-pass filtered below the lower of the two Nyquist
 * frequencies by a Kaiser-windowed sinc, and kept every M-th sample; the filter is applied as L polyphase
 * branches, so only the products that count are computed. The passband reaches 86 % of the lower Nyquist
 * frequency; beyond it the filter attenuates by at least 80 dB, so nothing folds back as an alias. The fallback
 * where the system's libspeexdsp is missing.
 */
public final class SincResampler implements ResamplerBackend {
    /** Kaiser β for about 80 dB of stopband attenuation. */
    private static final double BETA = 8.0;
    /** Transition band, as a fraction of the lower rate: from 0.43 to 0.5 of it. */
    private static final double PASS = 0.43, STOP = 0.5;

    private final int up;
    private final int down;
    /** coefficients[phase][j] multiplies the input {@code j} samples before the newest one of the output's window. */
    private final float[][] coefficients;
    private final int history;
    /** Where the filter's centre lies, in upsampled samples: the output is aligned to the input by it. */
    private final int centre;
    private float[] work;
    private long consumed;
    private long produced;

    public SincResampler(int inRate, int outRate) {
        int g = gcd(inRate, outRate);
        this.up = outRate / g;
        this.down = inRate / g;
        double rate = (double) inRate * up; // the upsampled rate
        double lower = Math.min(inRate, outRate);
        double cutoff = (PASS + STOP) / 2 * lower; // Hz, middle of the transition band
        double transition = (STOP - PASS) * lower;
        // Kaiser's estimate of the length for the attenuation BETA gives (about 80 dB)
        int taps = (int) Math.ceil((80 - 7.95) / (14.36 * transition / rate)) | 1;
        this.centre = taps / 2;
        int perPhase = (taps + up - 1) / up;
        this.coefficients = new float[up][perPhase];
        double i0Beta = bessel0(BETA);
        for (int n = 0; n < taps; n++) {
            double t = n - centre;
            double x = 2 * cutoff / rate;
            double sinc = t == 0 ? x : Math.sin(Math.PI * x * t) / (Math.PI * t);
            double r = t / centre;
            double window = bessel0(BETA * Math.sqrt(Math.max(0, 1 - r * r))) / i0Beta;
            coefficients[n % up][n / up] = (float) (sinc * window * up);
        }
        this.history = perPhase;
        this.work = new float[history + 960];
    }

    @Override
    public int resample(short[] in, int inOffset, int inLength, short[] out, int outOffset, int room) {
        if (work.length < history + inLength) {
            float[] bigger = new float[history + Math.max(inLength, 2 * (work.length - history))];
            System.arraycopy(work, 0, bigger, 0, history);
            work = bigger;
        }
        for (int i = 0; i < inLength; i++) work[history + i] = in[inOffset + i];
        return run(inLength, consumed + inLength, out, outOffset, room);
    }

    @Override
    public int flush(short[] out, int outOffset, int room) {
        // zeros after the signal's end let the filter give out what it holds
        int tail = centre / up + 2;
        if (work.length < history + tail) {
            float[] bigger = new float[history + tail];
            System.arraycopy(work, 0, bigger, 0, history);
            work = bigger;
        }
        java.util.Arrays.fill(work, history, history + tail, 0f);
        long end = Math.ceilDiv(consumed * up, down); // the output's total length
        long allowed = Math.min(room, end - produced);
        int n = run(tail, consumed + tail, out, outOffset, (int) Math.max(0, allowed));
        java.util.Arrays.fill(work, 0f);
        consumed = 0;
        produced = 0;
        return n;
    }

    /**
     * Produces the outputs whose window is complete once {@code added} new samples follow the history in
     * {@code work}, then keeps the newest {@code history} samples.
     */
    private int run(int added, long available, short[] out, int outOffset, int room) {
        long base = consumed - history; // the input index of work[0]
        int written = 0;
        while (written < room) {
            long position = produced * down + centre; // in upsampled samples
            long newest = position / up;
            if (newest >= available) break;
            int phase = (int) (position % up);
            int at = (int) (newest - base);
            float[] c = coefficients[phase];
            float sum = 0;
            for (int j = 0; j < c.length; j++) sum += c[j] * work[at - j];
            int s = Math.round(sum);
            out[outOffset + written++] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, s));
            produced++;
        }
        System.arraycopy(work, added, work, 0, history);
        consumed += added;
        return written;
    }

    @Override
    public String implementation() {
        return "gateway.lib.opus Kaiser-windowed sinc (Java)";
    }

    @Override
    public void close() {
        // pure Java: nothing to free
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    /** The modified Bessel function of the first kind, order 0 (its power series). */
    private static double bessel0(double x) {
        double sum = 1, term = 1, half = x / 2;
        for (int k = 1; k < 50; k++) {
            term *= (half / k) * (half / k);
            sum += term;
            if (term < 1e-12 * sum) break;
        }
        return sum;
    }
}

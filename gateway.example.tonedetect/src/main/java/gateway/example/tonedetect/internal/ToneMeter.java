package gateway.example.tonedetect.internal;

/**
 * Measures one frequency in 48 kHz PCM over fixed windows (Goertzel): the tone's amplitude (0..1 of full scale) and
 * how much of the window's power it holds. One thread at a time.
 */
final class ToneMeter {
    static final int RATE = 48_000;

    /** One window's measurement: the tone's amplitude and its share of the window's power (0..1). */
    record Reading(double amplitude, double share) {
    }

    private final double coefficient;
    private final int window;
    private double s1, s2, power;
    private int count;

    /**
     * @param hz       the frequency measured
     * @param windowMs the window's length
     */
    ToneMeter(double hz, int windowMs) {
        this.coefficient = 2 * Math.cos(2 * Math.PI * hz / RATE);
        this.window = RATE * windowMs / 1000;
    }

    /**
     * Adds samples; returns a reading each time a window completes (the last one when several complete), else null.
     *
     * @param pcm    16-bit samples
     * @param length how many
     */
    Reading add(short[] pcm, int length) {
        Reading last = null;
        for (int i = 0; i < length; i++) {
            double x = pcm[i] / 32768.0;
            double s0 = x + coefficient * s1 - s2;
            s2 = s1;
            s1 = s0;
            power += x * x;
            if (++count == window) {
                double magnitude = Math.sqrt(Math.max(0, s1 * s1 + s2 * s2 - coefficient * s1 * s2));
                double amplitude = 2 * magnitude / window;
                double share = power == 0 ? 0 : Math.min(1, amplitude * amplitude / 2 / (power / window));
                last = new Reading(amplitude, share);
                s1 = s2 = power = 0;
                count = 0;
            }
        }
        return last;
    }
}

package gateway.sessions.internal;

import gateway.lib.opus.OpusDecodingException;
import gateway.lib.opus.OpusPcmDecoder;
import gateway.lib.opus.PcmResampler;
import java.util.function.Consumer;

/**
 * The session's input as the call-fork protocol carries it: Opus packets decoded (48 kHz, mixed down to mono),
 * resampled to the service's rate and cut into 20 ms chunks of 16-bit little-endian PCM. One thread at a time (the
 * attachment's).
 */
final class ForkInput implements AutoCloseable {
    private final OpusPcmDecoder decoder;
    private final PcmResampler resampler;
    private final int channels;
    private final short[] mono;
    private final short[] resampled;
    private final byte[] chunk;
    private int filled;
    private long bad;
    private boolean closed;

    /**
     * @param channels the input's channel count (1 or 2)
     * @param rate     the service's rate, 8000 or 16000 Hz
     */
    ForkInput(int channels, int rate) {
        this.channels = channels;
        this.decoder = new OpusPcmDecoder(48_000, channels);
        this.resampler = new PcmResampler(48_000, rate);
        this.mono = new short[decoder.maxFrameSamples()];
        this.resampled = new short[resampler.maxOutput(mono.length)];
        this.chunk = new byte[rate / 50 * 2];
    }

    /**
     * Decodes one packet and hands every complete 20 ms chunk to {@code chunks} (a new array each time).
     *
     * @return false if the packet was not valid Opus (it is skipped)
     */
    boolean accept(byte[] packet, int offset, int length, Consumer<byte[]> chunks) {
        if (closed) return false;
        int samples;
        try {
            samples = length <= 0 ? 0 : decoder.decode(packet, offset, length);
        } catch (OpusDecodingException e) {
            bad++;
            return false;
        }
        short[] pcm = decoder.pcm();
        for (int i = 0; i < samples; i++) {
            mono[i] = channels == 1 ? pcm[i] : (short) ((pcm[2 * i] + pcm[2 * i + 1]) / 2);
        }
        int n = resampler.resample(mono, 0, samples, resampled, 0);
        for (int i = 0; i < n; i++) {
            chunk[filled++] = (byte) resampled[i];
            chunk[filled++] = (byte) (resampled[i] >> 8);
            if (filled == chunk.length) {
                chunks.accept(chunk.clone());
                filled = 0;
            }
        }
        return true;
    }

    /** @return packets that were not valid Opus */
    long invalidPackets() {
        return bad;
    }

    @Override
    public void close() {
        if (closed) return; // the stream's end and the detachment both close it
        closed = true;
        decoder.close();
        resampler.close();
    }
}

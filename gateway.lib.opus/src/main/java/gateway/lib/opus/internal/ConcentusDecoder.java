package gateway.lib.opus.internal;

import gateway.lib.opus.OpusDecodingException;
import io.github.jaredmdobson.concentus.OpusDecoder;
import io.github.jaredmdobson.concentus.OpusException;

/** An Opus decoder of Concentus, the pure-Java port of libopus: the fallback where the system's libopus is missing. */
public final class ConcentusDecoder implements DecoderBackend {
    /** The embedded Concentus release (its jar carries no version a program can read). */
    public static final String VERSION = "Concentus 1.0.2";

    private final OpusDecoder decoder;

    /** @throws IllegalArgumentException if Concentus refuses the rate or channel count */
    public ConcentusDecoder(int sampleRate, int channels) {
        try {
            this.decoder = new OpusDecoder(sampleRate, channels);
        } catch (OpusException e) {
            throw new IllegalArgumentException("cannot create an Opus decoder at " + sampleRate + " Hz: " + e.getMessage(), e);
        }
    }

    @Override
    public int decode(byte[] packet, int offset, int length, short[] pcm, int maxSamples) {
        try {
            return decoder.decode(packet, offset, length, pcm, 0, maxSamples, false);
        } catch (OpusException | IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            throw new OpusDecodingException(packet == null ? "packet loss concealment failed: " + e.getMessage()
                    : "invalid Opus packet (" + length + " bytes): " + e.getMessage(), e);
        }
    }

    @Override
    public String implementation() {
        return VERSION;
    }

    @Override
    public void close() {
        // pure Java: nothing to free
    }
}

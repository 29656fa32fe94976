/**
 * Opus for plugins that turn decoded audio into the gateway's canonical format (Opus at 48 kHz) and back:
 * {@link gateway.lib.opus.OpusPcmEncoder} turns 16-bit PCM of any chunk size into Opus packets of a fixed
 * duration; {@link gateway.lib.opus.OpusPcmDecoder} decodes packets to PCM at 48 kHz or directly at a telephony
 * rate (a stereo stream to its mono downmix if asked); {@link gateway.lib.opus.PcmResampler} converts mono PCM
 * between those rates, band-limited.
 *
 * <p>Decoding and resampling use the system's libopus and libspeexdsp through the foreign function API when they
 * are installed (Debian's {@code libopus0} and {@code libspeexdsp1}), and pure Java otherwise
 * (Concentus, a port of libopus kept private in this bundle, and a windowed-sinc filter);
 * {@link gateway.lib.opus.NativeLibrary} says which is in use and why. Encoding is pure Java.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package gateway.lib.opus;

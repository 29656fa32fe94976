/**
 * Opus for plugins that turn decoded audio into the gateway's canonical format (Opus at 48 kHz) and back:
 * {@link gateway.lib.opus.OpusPcmEncoder} turns 16-bit PCM of any chunk size into Opus packets of a fixed
 * duration; {@link gateway.lib.opus.OpusPcmDecoder} decodes packets to 48 kHz PCM (a stereo stream to its mono
 * downmix if asked); {@link gateway.lib.opus.PcmResampler} converts mono PCM between 48 kHz and the telephony
 * rates with libopus's band-limited resampler.
 *
 * <p>Everything is pure Java (Concentus, a port of libopus 1.1, kept private in this bundle), so there is no
 * native library to load or leak.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package gateway.lib.opus;

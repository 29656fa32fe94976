/**
 * Opus encoding for plugins that receive decoded audio and publish the gateway's canonical format (Opus at
 * 48 kHz): {@link gateway.lib.opus.OpusPcmEncoder} turns 16-bit PCM of any chunk size into Opus packets of
 * a fixed duration.
 *
 * <p>The encoder is pure Java (Concentus, a port of libopus 1.1, kept private in this bundle), so there is no
 * native library to load or leak.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package gateway.lib.opus;

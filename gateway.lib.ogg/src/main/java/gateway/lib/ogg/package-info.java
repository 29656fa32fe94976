/**
 * Ogg (RFC 3533) and Ogg/Opus (RFC 7845) for live streams: {@link gateway.lib.ogg.OggPageReader}
 * splits a byte stream that arrives in arbitrary chunks into checked pages,
 * {@link gateway.lib.ogg.OpusDemuxer} turns pages into Opus packets with timestamps, header and tags,
 * and {@link gateway.lib.ogg.OggOpusWriter} writes packets back into a valid Ogg/Opus stream.
 *
 * <p>Plain Java with no dependencies; not thread-safe (one instance per stream, used by one thread at a time).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package gateway.lib.ogg;

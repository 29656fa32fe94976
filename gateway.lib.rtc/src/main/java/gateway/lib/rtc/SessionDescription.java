package gateway.lib.rtc;

import gateway.lib.rtc.internal.sdp.SdpParser;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An SDP session description (RFC 8866) as WebRTC exchanges it: the session's lines and attributes, then its
 * media sections. Immutable; {@link #toString()} writes it back (CRLF line ends), and reading that text gives an
 * equal description.
 *
 * @param lines      the session-level lines other than attributes ({@code v=}, {@code o=}, {@code s=}, {@code t=},
 *                   ...), in order; immutable
 * @param attributes the session-level attributes, in order; immutable
 * @param media      the media sections, in order; immutable
 */
public record SessionDescription(List<SdpLine> lines, List<SdpAttribute> attributes, List<MediaDescription> media) {

    /** The longest SDP text {@link #parse} reads: far beyond any offer a browser sends (a few KB). */
    public static final int MAX_LENGTH = 64 * 1024;

    /** Validates and copies the components. */
    public SessionDescription {
        lines = List.copyOf(lines);
        attributes = List.copyOf(attributes);
        media = List.copyOf(media);
    }

    /**
     * Reads SDP text. It must start with {@code v=0} and have an {@code o=} line; lines end with CRLF or LF.
     *
     * @param text the SDP
     * @return the description
     * @throws SdpException if the text is not SDP, naming the line at fault
     */
    public static SessionDescription parse(String text) throws SdpException {
        return SdpParser.parse(Objects.requireNonNull(text, "text"));
    }

    /** @return the value of the first session-level attribute with this name ({@code ""} for a property), if any */
    public Optional<String> attribute(String name) {
        for (SdpAttribute a : attributes) if (a.name().equalsIgnoreCase(name)) return Optional.of(a.value() == null ? "" : a.value());
        return Optional.empty();
    }

    /** @return the values of every session-level attribute with this name, in order */
    public List<String> attributes(String name) {
        return attributes.stream().filter(a -> a.name().equalsIgnoreCase(name)).map(a -> a.value() == null ? "" : a.value()).toList();
    }

    /**
     * An attribute of a media section, or of the session when the section does not have it (ICE credentials,
     * fingerprint and setup may be given at either level).
     *
     * @return the value, if either level has it
     */
    public Optional<String> attribute(MediaDescription section, String name) {
        Optional<String> own = section.attribute(name);
        return own.isPresent() ? own : attribute(name);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(1024);
        for (SdpLine l : lines) b.append(l).append("\r\n");
        for (SdpAttribute a : attributes) b.append(a).append("\r\n");
        for (MediaDescription m : media) {
            b.append(m.mediaLine()).append("\r\n");
            for (SdpLine l : m.lines()) b.append(l).append("\r\n");
            for (SdpAttribute a : m.attributes()) b.append(a).append("\r\n");
        }
        return b.toString();
    }
}

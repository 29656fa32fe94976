package gateway.lib.rtc;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One media section of SDP: its {@code m=} line, the other lines in it ({@code c=}, {@code b=}, ...) and its
 * attributes, in the order written.
 *
 * @param media      {@code audio}, {@code video}, {@code application}, ...
 * @param port       the port; 0 marks a rejected section (or, with {@code a=bundle-only}, one that shares the
 *                   BUNDLE transport)
 * @param protocol   e.g. {@code UDP/TLS/RTP/SAVPF}
 * @param formats    the payload types (or other formats), at least one
 * @param lines      the section's other lines, in order; immutable
 * @param attributes the section's attributes, in order; immutable
 */
public record MediaDescription(String media, int port, String protocol, List<String> formats, List<SdpLine> lines,
                               List<SdpAttribute> attributes) {

    /** Validates and copies the components. */
    public MediaDescription {
        Objects.requireNonNull(media, "media");
        Objects.requireNonNull(protocol, "protocol");
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port out of range: " + port);
        formats = List.copyOf(formats);
        lines = List.copyOf(lines);
        attributes = List.copyOf(attributes);
    }

    /** @return the value of the first attribute with this name ({@code ""} for a property attribute), if any */
    public Optional<String> attribute(String name) {
        for (SdpAttribute a : attributes) if (a.name().equalsIgnoreCase(name)) return Optional.of(a.value() == null ? "" : a.value());
        return Optional.empty();
    }

    /** @return the values of every attribute with this name, in order */
    public List<String> attributes(String name) {
        return attributes.stream().filter(a -> a.name().equalsIgnoreCase(name)).map(a -> a.value() == null ? "" : a.value()).toList();
    }

    /** @return whether an attribute with this name is present */
    public boolean has(String name) {
        return attribute(name).isPresent();
    }

    /** @return the {@code a=mid} value, if any */
    public Optional<String> mid() {
        return attribute("mid");
    }

    /**
     * @return the direction attribute ({@code sendrecv}, {@code sendonly}, {@code recvonly}, {@code inactive}),
     *         {@code sendrecv} when none is given (RFC 8866 §6.7)
     */
    public String direction() {
        for (SdpAttribute a : attributes) {
            String n = a.name().toLowerCase(java.util.Locale.ROOT);
            if (a.value() == null && (n.equals("sendrecv") || n.equals("sendonly") || n.equals("recvonly") || n.equals("inactive"))) return n;
        }
        return "sendrecv";
    }

    /** @return the {@code m=} line as written */
    public String mediaLine() {
        return "m=" + media + " " + port + " " + protocol + " " + String.join(" ", formats);
    }
}

package gateway.lib.rtc;

import java.util.Objects;

/**
 * One {@code a=} line of SDP (RFC 8866 §5.13).
 *
 * @param name  the attribute's name, e.g. {@code rtpmap}; never {@code null} or empty
 * @param value the text after the colon, e.g. {@code 111 opus/48000/2}; {@code null} for a property attribute
 *              without a value ({@code a=rtcp-mux})
 */
public record SdpAttribute(String name, String value) {

    /** Validates the components. */
    public SdpAttribute {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty()) throw new IllegalArgumentException("an attribute needs a name");
    }

    /** @return a property attribute without a value */
    public static SdpAttribute flag(String name) {
        return new SdpAttribute(name, null);
    }

    @Override
    public String toString() {
        return value == null ? "a=" + name : "a=" + name + ":" + value;
    }
}

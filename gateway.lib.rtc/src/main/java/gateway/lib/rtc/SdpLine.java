package gateway.lib.rtc;

/**
 * An SDP line other than {@code a=} and {@code m=} ({@code v=}, {@code o=}, {@code s=}, {@code c=}, {@code t=},
 * {@code b=}, ...), kept as written.
 *
 * @param type  the line's type letter
 * @param value the text after {@code =}; never {@code null}
 */
public record SdpLine(char type, String value) {

    @Override
    public String toString() {
        return type + "=" + value;
    }
}

package gateway.webrtc.internal;

/** Reads what the plugin needs from a trickle ICE fragment (RFC 8840): the ICE username fragment, if any. */
final class TrickleFragments {
    private TrickleFragments() {
    }

    /** @return the fragment's {@code a=ice-ufrag}, or null if it has none */
    static String ufrag(String fragment) {
        for (String line : fragment.split("\r?\n")) {
            String l = line.strip();
            if (l.startsWith("a=ice-ufrag:")) return l.substring("a=ice-ufrag:".length()).strip();
        }
        return null;
    }
}

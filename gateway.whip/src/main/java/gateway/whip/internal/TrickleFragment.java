package gateway.whip.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The parts of a trickle ICE SDP fragment (RFC 8840) the endpoint uses: the ICE username fragment (a new one
 * means an ICE restart) and the candidates, each with the media section it belongs to. Candidates are checked
 * against RFC 8839's grammar here, because WebRTC answers a malformed one with a {@link java.lang.Error}.
 *
 * @param ufrag      the {@code a=ice-ufrag} value, or null
 * @param candidates the candidates in order
 */
record TrickleFragment(String ufrag, List<Candidate> candidates) {

    /**
     * One candidate.
     *
     * @param mid       the media section's {@code a=mid}, "0" when the fragment names none
     * @param attribute the attribute value without {@code a=}, e.g. {@code candidate:1 1 udp 2130706431 10.0.0.1 9 typ host}
     */
    record Candidate(String mid, String attribute) {}

    // candidate:<foundation> <component-id> <transport> <priority> <address> <port> typ <type> [extensions]
    private static final Pattern CANDIDATE = Pattern.compile(
            "candidate:[A-Za-z0-9+/]{1,32} \\d{1,3} [A-Za-z0-9!#$%&'*+.^_`|~-]+ \\d{1,10} [^ ]+ \\d{1,5} typ [A-Za-z0-9-]+( .*)?");

    /**
     * @param fragment the PATCH body
     * @return its username fragment and candidates
     * @throws WhipException {@link WhipError#FRAGMENT_UNACCEPTABLE} naming the first malformed candidate
     */
    static TrickleFragment parse(String fragment) {
        String ufrag = null;
        String mid = null;
        List<Candidate> candidates = new ArrayList<>();
        for (String raw : (fragment == null ? "" : fragment).split("\r?\n")) {
            String line = raw.trim();
            if (line.startsWith("a=ice-ufrag:")) {
                ufrag = line.substring(12).trim();
            } else if (line.startsWith("a=mid:")) {
                mid = line.substring(6).trim();
            } else if (line.startsWith("a=candidate:")) {
                String attribute = line.substring(2);
                if (!CANDIDATE.matcher(attribute).matches()) {
                    throw new WhipException(WhipError.FRAGMENT_UNACCEPTABLE, "malformed candidate '" + attribute + "' (RFC 8839: "
                            + "candidate:<foundation> <component> <transport> <priority> <address> <port> typ <type>)");
                }
                candidates.add(new Candidate(mid == null ? "0" : mid, attribute));
            }
        }
        return new TrickleFragment(ufrag, List.copyOf(candidates));
    }
}

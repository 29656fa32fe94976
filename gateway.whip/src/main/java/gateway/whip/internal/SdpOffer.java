package gateway.whip.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the bridge checks in a WHIP offer before handing it to WebRTC: that it is SDP at all, that it has
 * an audio section, and that the audio offers Opus. The offer text itself goes to WebRTC unchanged.
 */
final class SdpOffer {
    /** Largest offer accepted (a browser's audio+video offer is 5–10 kB). */
    static final int MAX_BYTES = 64 * 1024;

    private SdpOffer() {
    }

    /**
     * @param sdp the offer
     * @return the media kinds of its m-lines, in order (e.g. {@code [audio, video]})
     * @throws WhipException {@link WhipError#OFFER_UNACCEPTABLE} if it is not SDP, has no audio, or its audio has no Opus
     */
    static List<String> check(String sdp) {
        if (sdp == null || sdp.isBlank()) throw invalid("the body is empty; POST an SDP offer with Content-Type application/sdp");
        if (sdp.length() > MAX_BYTES) throw invalid("the offer is larger than " + MAX_BYTES + " bytes");
        String[] lines = sdp.split("\r?\n");
        if (!lines[0].trim().equals("v=0")) throw invalid("the body is not an SDP offer (it must start with 'v=0')");
        List<String> kinds = new ArrayList<>();
        List<String> audioCodecs = new ArrayList<>();
        boolean opus = false;
        String kind = null;
        List<String> formats = List.of();
        for (String raw : lines) {
            String line = raw.trim();
            if (line.startsWith("m=")) {
                String[] f = line.substring(2).split(" ");
                if (f.length < 4) throw invalid("malformed media line '" + line + "'");
                kind = f[0].toLowerCase(Locale.ROOT);
                kinds.add(kind);
                formats = List.of(f).subList(3, f.length);
            } else if (line.startsWith("a=rtpmap:") && "audio".equals(kind)) {
                int sp = line.indexOf(' ');
                if (sp < 0) continue;
                String pt = line.substring(9, sp);
                String codec = line.substring(sp + 1);
                if (!formats.contains(pt)) continue;
                audioCodecs.add(codec);
                if (codec.toLowerCase(Locale.ROOT).startsWith("opus/48000")) opus = true;
            }
        }
        if (kinds.isEmpty()) throw invalid("the offer has no media section (m=)");
        if (!kinds.contains("audio")) {
            throw invalid("the offer has no audio (media: " + String.join(", ", kinds) + "); this endpoint ingests audio only");
        }
        if (!opus) {
            throw invalid("the offer's audio has no Opus (offered: " + (audioCodecs.isEmpty() ? "no codec" : String.join(", ", audioCodecs))
                    + "); this endpoint accepts Opus only");
        }
        return kinds;
    }

    private static WhipException invalid(String detail) {
        return new WhipException(WhipError.OFFER_UNACCEPTABLE, detail);
    }

    /**
     * Lets the peer send stereo: adds {@code stereo=1; sprop-stereo=1} to the Opus format parameters of an
     * answer (WebRTC answers mono-only by default, which would fold a stereo source down).
     *
     * @param answer the SDP answer
     * @return the answer with stereo allowed
     */
    static String allowStereo(String answer) {
        StringBuilder out = new StringBuilder(answer.length() + 64);
        List<String> opusPayloadTypes = new ArrayList<>();
        for (String line : answer.split("\r\n")) {
            if (line.startsWith("a=rtpmap:") && line.toLowerCase(Locale.ROOT).contains(" opus/48000")) {
                opusPayloadTypes.add(line.substring(9, line.indexOf(' ')));
            }
        }
        for (String line : answer.split("\r\n")) {
            if (line.startsWith("a=fmtp:")) {
                int sp = line.indexOf(' ');
                String pt = sp < 0 ? "" : line.substring(7, sp);
                if (opusPayloadTypes.contains(pt) && !line.contains("stereo=")) line = line + ";stereo=1;sprop-stereo=1";
            }
            out.append(line).append("\r\n");
        }
        return out.toString();
    }
}

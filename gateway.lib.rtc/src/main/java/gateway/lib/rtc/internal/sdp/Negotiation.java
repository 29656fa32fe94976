package gateway.lib.rtc.internal.sdp;

import gateway.lib.rtc.AudioDirection;
import gateway.lib.rtc.LocalAudio;
import gateway.lib.rtc.MediaDescription;
import gateway.lib.rtc.SdpAttribute;
import gateway.lib.rtc.SdpException;
import gateway.lib.rtc.SdpLine;
import gateway.lib.rtc.SessionDescription;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The JSEP (RFC 8829) subset this transport speaks: one Opus audio section over DTLS-SRTP with rtcp-mux,
 * bundled when the other side bundles, every other section rejected. It answers offers, makes offers and
 * applies answers, refusing what it cannot use with a {@link SdpException} that names the reason.
 */
public final class Negotiation {
    /** The payload type this side offers Opus with (what browsers use). */
    public static final int OFFERED_PAYLOAD_TYPE = 111;
    static final String PROTOCOL = "UDP/TLS/RTP/SAVPF";

    private Negotiation() {
    }

    /**
     * An answer and what it agreed on.
     *
     * @param sdp          the answer
     * @param negotiated   what was agreed (for the first audio section)
     * @param payloadTypes the Opus payload type of each accepted audio section, the first section's first
     */
    public record Answer(SessionDescription sdp, Negotiated negotiated, List<Integer> payloadTypes) {
        public Answer(SessionDescription sdp, Negotiated negotiated) {
            this(sdp, negotiated, List.of(negotiated.payloadType()));
        }

        public Answer {
            payloadTypes = List.copyOf(payloadTypes);
        }
    }

    /**
     * Answers an offer.
     *
     * @param offer the remote offer
     * @param audio what this side does with audio
     * @param local this side's parameters
     * @return the answer
     * @throws SdpException when the offer has no usable audio section or lacks what DTLS-SRTP over ICE needs
     */
    public static Answer answer(SessionDescription offer, LocalAudio audio, LocalParameters local) throws SdpException {
        return answer(offer, audio, local, new long[] {local.ssrc()});
    }

    /**
     * Answers an offer with up to {@code ssrcs.length} sending audio sections: the first usable audio section as
     * {@link #answer(SessionDescription, LocalAudio, LocalParameters)} does, then every further usable audio section
     * in the offer's BUNDLE group (the same transport), each sent with its own SSRC, until there are as many as SSRCs.
     * Audio sections beyond those, or outside the group, are rejected. Only a sending side uses more than one section.
     *
     * @param ssrcs the SSRC of each section this side may accept, the first section's first; at least one
     * @return the answer; {@link Answer#payloadTypes()} has one entry per accepted section
     * @throws SdpException when the offer has no usable audio section or lacks what DTLS-SRTP over ICE needs
     */
    public static Answer answer(SessionDescription offer, LocalAudio audio, LocalParameters local, long[] ssrcs) throws SdpException {
        if (ssrcs.length < 1) throw new IllegalArgumentException("at least one SSRC");
        int max = audio.direction() == AudioDirection.SEND ? ssrcs.length : 1;
        List<String> bundle = bundleGroup(offer);
        MediaDescription chosen = null;
        int payloadType = -1;
        String firstRefusal = null;
        for (MediaDescription m : offer.media()) {
            if (!m.media().equals("audio")) continue;
            if (m.port() == 0 && !m.has("bundle-only")) continue;
            try {
                payloadType = check(offer, m, audio.direction(), true);
                chosen = m;
                break;
            } catch (SdpException e) {
                if (firstRefusal == null) firstRefusal = e.getMessage();
            }
        }
        if (chosen == null) {
            if (firstRefusal != null) throw new SdpException(firstRefusal);
            throw new SdpException("the offer has no audio section" + (offer.media().isEmpty() ? "" : " (it offers "
                    + String.join(", ", offer.media().stream().map(m -> m.media() + (m.port() == 0 ? " (rejected)" : "")).toList()) + ")"));
        }
        Remote remote = remote(offer, chosen, true);
        String mid = chosen.mid().orElse(null);
        boolean bundled = mid != null && bundle.contains(mid);
        // JSEP 5.3.1: active when the offer says passive; otherwise passive (this side is then the DTLS server)
        boolean dtlsClient = remote.setup.equals("passive");

        // further sections: audio the remote party receives on the same (bundled) transport, one per SSRC of ours
        java.util.Map<MediaDescription, Integer> more = new java.util.LinkedHashMap<>();
        if (bundled && max > 1) {
            for (MediaDescription m : offer.media()) {
                if (more.size() + 1 >= max) break;
                if (m == chosen || !m.media().equals("audio") || m.mid().isEmpty() || !bundle.contains(m.mid().get())) continue;
                if (m.port() == 0 && !m.has("bundle-only")) continue;
                try {
                    more.put(m, check(offer, m, audio.direction(), true));
                } catch (SdpException unusable) {
                    // rejected below, like any section this side does not take
                }
            }
        }
        String setup = dtlsClient ? "active" : "passive";
        List<String> group = new ArrayList<>();
        List<Integer> payloadTypes = new ArrayList<>();
        List<MediaDescription> sections = new ArrayList<>();
        int next = 1;
        for (MediaDescription m : offer.media()) {
            if (m == chosen) {
                sections.add(audioSection(local, audio, mid, payloadType, setup, ssrcs[0], "audio"));
                group.add(mid);
                payloadTypes.add(0, payloadType);
            } else if (more.containsKey(m)) {
                int pt = more.get(m);
                sections.add(audioSection(local, audio, m.mid().get(), pt, setup, ssrcs[next], "audio" + next));
                group.add(m.mid().get());
                payloadTypes.add(pt);
                next++;
            } else {
                sections.add(rejected(m));
            }
        }
        List<SdpAttribute> session = new ArrayList<>();
        if (bundled) session.add(new SdpAttribute("group", "BUNDLE " + String.join(" ", group)));
        if (local.lite()) session.add(SdpAttribute.flag("ice-lite"));
        SessionDescription sdp = new SessionDescription(sessionLines(local), session, sections);
        Negotiated n = new Negotiated(mid, payloadType, remote.ufrag, remote.pwd, remote.fingerprints, dtlsClient, remote.lite,
                remote.candidates, remote.ssrc);
        return new Answer(sdp, n, payloadTypes);
    }

    /**
     * Makes an offer of one audio section ({@code mid} 0, bundled, {@code a=setup:actpass}).
     *
     * @return the offer
     */
    public static SessionDescription offer(LocalAudio audio, LocalParameters local) {
        List<SdpAttribute> session = new ArrayList<>();
        session.add(new SdpAttribute("group", "BUNDLE 0"));
        if (local.lite()) session.add(SdpAttribute.flag("ice-lite"));
        return new SessionDescription(sessionLines(local), session,
                List.of(audioSection(local, audio, "0", OFFERED_PAYLOAD_TYPE, "actpass")));
    }

    /**
     * Applies the answer to an offer this side made with {@link #offer}.
     *
     * @return what was agreed
     * @throws SdpException when the answer rejects the audio or lacks what DTLS-SRTP over ICE needs
     */
    public static Negotiated acceptAnswer(SessionDescription answer, LocalAudio audio, LocalParameters local) throws SdpException {
        MediaDescription m = answer.media().stream().filter(s -> s.mid().map("0"::equals).orElse(false)).findFirst()
                .orElse(answer.media().size() == 1 ? answer.media().get(0) : null);
        if (m == null) throw new SdpException("the answer has no section for the offered audio (mid 0)");
        if (!m.media().equals("audio")) throw new SdpException("the answer's section for mid 0 is " + m.media() + ", not audio");
        if (m.port() == 0 && !m.has("bundle-only")) throw new SdpException("the answer rejected the audio (port 0)");
        int pt = check(answer, m, audio.direction(), false);
        if (pt != OFFERED_PAYLOAD_TYPE) throw new SdpException("the answer's Opus payload type " + pt + " is not the offered " + OFFERED_PAYLOAD_TYPE);
        Remote remote = remote(answer, m, false);
        if (remote.lite && local.lite()) throw new SdpException("both sides are ICE-lite: neither would send connectivity checks");
        return new Negotiated(m.mid().orElse(null), pt, remote.ufrag, remote.pwd, remote.fingerprints, remote.setup.equals("passive"),
                remote.lite, remote.candidates, remote.ssrc);
    }

    /** Checks a remote audio section; returns its Opus payload type. */
    private static int check(SessionDescription sdp, MediaDescription m, AudioDirection ours, boolean isOffer) throws SdpException {
        String what = isOffer ? "the offer's audio" : "the answer's audio";
        if (!m.protocol().toUpperCase(Locale.ROOT).startsWith("UDP/TLS/RTP/SAVP")) {
            throw new SdpException(what + " uses '" + SdpParser.excerpt(m.protocol()) + "', not DTLS-SRTP (UDP/TLS/RTP/SAVPF)");
        }
        int pt = opus(m);
        if (pt < 0) {
            List<String> codecs = new ArrayList<>();
            for (String r : m.attributes("rtpmap")) {
                int sp = r.indexOf(' ');
                if (sp > 0) codecs.add(SdpParser.excerpt(r.substring(sp + 1).trim()));
            }
            throw new SdpException(what + " has no Opus (opus/48000/2)" + (codecs.isEmpty() ? "" : "; it offers " + String.join(", ", codecs)));
        }
        String direction = m.direction();
        // the remote side's direction as seen from here: it must receive what this side sends and vice versa
        boolean remoteReceives = direction.equals("sendrecv") || direction.equals("recvonly");
        boolean remoteSends = direction.equals("sendrecv") || direction.equals("sendonly");
        if (ours == AudioDirection.SEND && !remoteReceives) {
            throw new SdpException(what + " is a=" + direction + ": it does not receive, and this endpoint only sends audio");
        }
        if (ours == AudioDirection.RECEIVE && !remoteSends) {
            throw new SdpException(what + " is a=" + direction + ": it does not send, and this endpoint only receives audio");
        }
        if (!m.has("rtcp-mux")) throw new SdpException(what + " has no a=rtcp-mux (RTP and RTCP on one port are required)");
        return pt;
    }

    /** @return the first payload type among the section's formats mapped to opus/48000/2, or -1 */
    static int opus(MediaDescription m) {
        for (String r : m.attributes("rtpmap")) {
            String[] f = r.trim().split(" +", 2);
            if (f.length != 2 || !m.formats().contains(f[0])) continue;
            String[] codec = f[1].trim().split("/");
            if (codec.length == 3 && codec[0].equalsIgnoreCase("opus") && codec[1].equals("48000") && codec[2].equals("2")) {
                try {
                    int pt = Integer.parseInt(f[0]);
                    if (pt >= 0 && pt <= 127) return pt;
                } catch (NumberFormatException ignored) {
                    // not a payload type
                }
            }
        }
        return -1;
    }

    private record Remote(String ufrag, String pwd, List<RemoteFingerprint> fingerprints, String setup, boolean lite,
                          List<Candidate> candidates, long ssrc) {}

    private static Remote remote(SessionDescription sdp, MediaDescription m, boolean isOffer) throws SdpException {
        String what = isOffer ? "the offer" : "the answer";
        String ufrag = sdp.attribute(m, "ice-ufrag").orElseThrow(() -> new SdpException(what + " has no a=ice-ufrag")).trim();
        String pwd = sdp.attribute(m, "ice-pwd").orElseThrow(() -> new SdpException(what + " has no a=ice-pwd")).trim();
        if (!iceChars(ufrag, 4, 256)) throw new SdpException(what + "'s a=ice-ufrag is not 4-256 ice-chars (letters, digits, '+', '/')");
        if (!iceChars(pwd, 22, 256)) throw new SdpException(what + "'s a=ice-pwd is not 22-256 ice-chars (letters, digits, '+', '/')");
        List<String> values = new ArrayList<>(m.attributes("fingerprint"));
        if (values.isEmpty()) values.addAll(sdp.attributes("fingerprint"));
        if (values.isEmpty()) throw new SdpException(what + " has no a=fingerprint (its DTLS certificate's fingerprint)");
        List<RemoteFingerprint> fingerprints = new ArrayList<>();
        String unusable = null;
        for (String v : values) {
            try {
                fingerprints.add(RemoteFingerprint.parse(v));
            } catch (IllegalArgumentException e) {
                unusable = e.getMessage();
            }
        }
        if (fingerprints.isEmpty()) throw new SdpException(what + "'s a=fingerprint cannot be used: " + unusable);
        String setup = sdp.attribute(m, "setup").orElse(isOffer ? "active" : "").trim().toLowerCase(Locale.ROOT);
        List<String> allowed = isOffer ? List.of("actpass", "active", "passive") : List.of("active", "passive");
        if (!allowed.contains(setup)) {
            throw new SdpException(what + "'s a=setup is '" + SdpParser.excerpt(setup) + "'; it must be one of " + String.join(", ", allowed));
        }
        boolean lite = sdp.attribute("ice-lite").isPresent();
        List<Candidate> candidates = new ArrayList<>();
        for (String c : m.attributes("candidate")) {
            try {
                Candidate parsed = Candidate.parse(c);
                if (parsed != null) candidates.add(parsed);
            } catch (IllegalArgumentException e) {
                throw new SdpException(what + " has a malformed candidate: " + e.getMessage());
            }
        }
        long ssrc = -1;
        for (String s : m.attributes("ssrc")) {
            int sp = s.indexOf(' ');
            String id = sp < 0 ? s.trim() : s.substring(0, sp);
            try {
                long v = Long.parseLong(id);
                if (v >= 0 && v <= 0xFFFFFFFFL) {
                    ssrc = v;
                    break;
                }
            } catch (NumberFormatException ignored) {
                // not an SSRC: the remote party's own business
            }
        }
        return new Remote(ufrag, pwd, fingerprints, setup, lite, candidates, ssrc);
    }

    static boolean iceChars(String s, int min, int max) {
        if (s.length() < min || s.length() > max) return false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+' || c == '/')) return false;
        }
        return true;
    }

    private static List<String> bundleGroup(SessionDescription sdp) {
        for (String g : sdp.attributes("group")) {
            String[] f = g.trim().split(" +");
            if (f.length > 0 && f[0].equals("BUNDLE")) return Arrays.asList(f).subList(1, f.length);
        }
        return List.of();
    }

    private static List<SdpLine> sessionLines(LocalParameters local) {
        return List.of(new SdpLine('v', "0"), new SdpLine('o', "- " + local.sessionId() + " 2 IN IP4 127.0.0.1"),
                new SdpLine('s', "-"), new SdpLine('t', "0 0"));
    }

    private static MediaDescription audioSection(LocalParameters local, LocalAudio audio, String mid, int pt, String setup) {
        return audioSection(local, audio, mid, pt, setup, local.ssrc(), "audio");
    }

    private static MediaDescription audioSection(LocalParameters local, LocalAudio audio, String mid, int pt, String setup,
                                                 long ssrc, String trackId) {
        InetSocketAddress first = local.candidates().isEmpty() ? null : local.candidates().get(0);
        int port = first == null ? 9 : first.getPort();
        String connection = first == null ? "IN IP4 0.0.0.0"
                : (first.getAddress().getAddress().length == 4 ? "IN IP4 " : "IN IP6 ") + first.getAddress().getHostAddress();
        List<SdpAttribute> a = new ArrayList<>();
        if (mid != null) a.add(new SdpAttribute("mid", mid));
        a.add(SdpAttribute.flag(audio.direction() == AudioDirection.SEND ? "sendonly" : "recvonly"));
        a.add(new SdpAttribute("ice-ufrag", local.ufrag()));
        a.add(new SdpAttribute("ice-pwd", local.pwd()));
        a.add(new SdpAttribute("fingerprint", local.fingerprint()));
        a.add(new SdpAttribute("setup", setup));
        a.add(SdpAttribute.flag("rtcp-mux"));
        a.add(new SdpAttribute("rtpmap", pt + " opus/48000/2"));
        String fmtp = "minptime=10;useinbandfec=1";
        if (audio.channels() == 2) fmtp += audio.direction() == AudioDirection.SEND ? ";stereo=1;sprop-stereo=1" : ";stereo=1";
        a.add(new SdpAttribute("fmtp", pt + " " + fmtp));
        if (audio.direction() == AudioDirection.SEND) {
            String stream = "gateway-" + local.cname();
            a.add(new SdpAttribute("msid", stream + " " + trackId));
            a.add(new SdpAttribute("ssrc", ssrc + " cname:" + local.cname()));
            a.add(new SdpAttribute("ssrc", ssrc + " msid:" + stream + " " + trackId));
        }
        int foundation = 1;
        for (InetSocketAddress c : local.candidates()) {
            a.add(new SdpAttribute("candidate", Candidate.host(foundation, c, 65535 - foundation + 1)));
            foundation++;
        }
        a.add(SdpAttribute.flag("end-of-candidates"));
        return new MediaDescription("audio", port, PROTOCOL, List.of(String.valueOf(pt)), List.of(new SdpLine('c', connection)), a);
    }

    private static MediaDescription rejected(MediaDescription offered) {
        List<SdpAttribute> a = new ArrayList<>();
        offered.mid().ifPresent(mid -> a.add(new SdpAttribute("mid", mid)));
        return new MediaDescription(offered.media(), 0, offered.protocol(), offered.formats(), List.of(new SdpLine('c', "IN IP4 0.0.0.0")), a);
    }
}

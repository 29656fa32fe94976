package gateway.lib.rtc.internal.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.lib.rtc.LocalAudio;
import gateway.lib.rtc.MediaDescription;
import gateway.lib.rtc.SdpException;
import gateway.lib.rtc.SessionDescription;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Offers from real browsers and stacks answered, offers made and answers applied, and refusals with their reasons. */
class NegotiationTest {
    static final LocalParameters SERVER = new LocalParameters("srvUfrag", "serverPassword0123456789", "sha-256 "
            + "AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99", 0x1234_5678L, "gw",
            List.of(new InetSocketAddress("192.0.2.10", 10301)), true, 42);

    static String resource(String name) throws IOException {
        try (InputStream in = NegotiationTest.class.getResourceAsStream("/gateway/lib/rtc/sdp/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void chromiumsAudioAndVideoOfferGetsAnAudioOnlyBundledIceLiteAnswer() throws Exception {
        SessionDescription offer = SessionDescription.parse(resource("chromium-156-recvonly-audio-video.sdp"));
        Negotiation.Answer a = Negotiation.answer(offer, LocalAudio.send(), SERVER);
        SessionDescription answer = SessionDescription.parse(a.sdp().toString());
        assertEquals(a.sdp(), answer, "the answer reads back as written");
        assertEquals(List.of("BUNDLE 0"), answer.attributes("group"));
        assertTrue(answer.attribute("ice-lite").isPresent());
        MediaDescription audio = answer.media().get(0);
        assertEquals("m=audio 10301 UDP/TLS/RTP/SAVPF 111", audio.mediaLine());
        assertEquals("sendonly", audio.direction());
        assertEquals("passive", audio.attribute("setup").orElseThrow(), "the DTLS server, as an ICE-lite server should be");
        assertEquals("srvUfrag", audio.attribute("ice-ufrag").orElseThrow());
        assertTrue(audio.has("rtcp-mux"));
        assertEquals("111 minptime=10;useinbandfec=1;stereo=1;sprop-stereo=1", audio.attribute("fmtp").orElseThrow());
        assertEquals(List.of("1 1 udp 2130706431 192.0.2.10 10301 typ host"), audio.attributes("candidate"));
        assertTrue(audio.attributes("ssrc").contains("305419896 cname:gw"));
        MediaDescription video = answer.media().get(1);
        assertEquals(0, video.port(), "video is rejected");
        assertEquals("1", video.mid().orElseThrow());
        assertEquals(2, answer.media().size());

        Negotiated n = a.negotiated();
        assertEquals("0", n.mid());
        assertEquals(111, n.payloadType());
        assertEquals(offer.media().get(0).attribute("ice-ufrag").orElseThrow(), n.remoteUfrag());
        assertFalse(n.dtlsClient());
        assertFalse(n.remoteLite());
        assertEquals(2, n.remoteCandidates().size(), "the IPv4 and the IPv6 host candidate");
        assertEquals("sha-256", n.remoteFingerprints().get(0).algorithm());
    }

    @Test
    void aiortcsOfferUsesItsOwnPayloadType() throws Exception {
        Negotiation.Answer a = Negotiation.answer(SessionDescription.parse(resource("aiortc-1.4-recvonly-audio.sdp")), LocalAudio.send(), SERVER);
        assertEquals(96, a.negotiated().payloadType());
        assertEquals("m=audio 10301 UDP/TLS/RTP/SAVPF 96", a.sdp().media().get(0).mediaLine());
        assertEquals(3712704265L, a.negotiated().remoteSsrc());
    }

    /** aiortc's offer with its audio section three times (mids 0, 1, 2: three receive-only transceivers), bundled. */
    private static SessionDescription threeAudioSections() throws Exception {
        String sdp = resource("aiortc-1.4-recvonly-audio.sdp").replace("\r\n", "\n");
        int m = sdp.indexOf("m=audio");
        String head = sdp.substring(0, m).replace("a=group:BUNDLE 0", "a=group:BUNDLE 0 1 2");
        String section = sdp.substring(m);
        StringBuilder b = new StringBuilder(head);
        for (int i = 0; i < 3; i++) b.append(section.replace("a=mid:0", "a=mid:" + i).replace("3712704265", String.valueOf(3712704265L + i)));
        return SessionDescription.parse(b.toString());
    }

    @Test
    void severalReceiveOnlyAudioSectionsAreAnsweredUpToTheLimitEachWithItsOwnSsrc() throws Exception {
        SessionDescription offer = threeAudioSections();
        Negotiation.Answer a = Negotiation.answer(offer, LocalAudio.send(), SERVER, new long[] {0x1234_5678L, 1111, 2222});
        SessionDescription answer = SessionDescription.parse(a.sdp().toString());
        assertEquals(List.of("BUNDLE 0 1 2"), answer.attributes("group"));
        assertEquals(List.of(96, 96, 96), a.payloadTypes());
        assertTrue(answer.media().get(0).attributes("ssrc").contains("305419896 cname:gw"));
        assertTrue(answer.media().get(1).attributes("ssrc").contains("1111 cname:gw"));
        assertTrue(answer.media().get(2).attributes("ssrc").contains("2222 cname:gw"));
        for (MediaDescription m : answer.media()) assertEquals("sendonly", m.direction());

        Negotiation.Answer two = Negotiation.answer(offer, LocalAudio.send(), SERVER, new long[] {1, 2});
        assertEquals(List.of("BUNDLE 0 1"), two.sdp().attributes("group"), "the third section is beyond the limit");
        assertEquals(0, two.sdp().media().get(2).port(), "and rejected");
        assertEquals(2, two.payloadTypes().size());

        SessionDescription sending = SessionDescription.parse(offer.toString().replace("a=recvonly", "a=sendonly"));
        Negotiation.Answer receiving = Negotiation.answer(sending, LocalAudio.receive(), SERVER, new long[] {1, 2, 3});
        assertEquals(1, receiving.payloadTypes().size(), "a receiving side takes one section");
    }

    @Test
    void anOfferMadeHereIsAnsweredAndTheAnswerApplied() throws Exception {
        LocalParameters client = new LocalParameters("cliUfrag", "clientPassword0123456789", SERVER.fingerprint(), 99, "c",
                List.of(new InetSocketAddress("192.0.2.20", 5000)), false, 7);
        SessionDescription offer = Negotiation.offer(LocalAudio.send(), SERVER);
        assertEquals("actpass", offer.media().get(0).attribute("setup").orElseThrow());
        Negotiation.Answer a = Negotiation.answer(SessionDescription.parse(offer.toString()), LocalAudio.receive(), client);
        assertEquals("recvonly", a.sdp().media().get(0).direction());
        assertTrue(a.negotiated().remoteLite());
        Negotiated n = Negotiation.acceptAnswer(SessionDescription.parse(a.sdp().toString()), LocalAudio.send(), SERVER);
        assertTrue(n.dtlsClient(), "the answerer chose passive, so the offerer is the DTLS client");
        assertEquals(List.of(new InetSocketAddress("192.0.2.20", 5000)), n.remoteCandidates().stream().map(Candidate::address).toList());
    }

    @Test
    void offersThatCannotWorkAreRefusedWithTheReason() throws Exception {
        String chrome = resource("chromium-156-recvonly-audio-video.sdp");
        assertRefused(chrome.replace("a=rtpmap:111 opus/48000/2\r\n", ""), LocalAudio.send(),
                "the offer's audio has no Opus (opus/48000/2); it offers red/48000/2, G722/8000, PCMU/8000, PCMA/8000, CN/8000, telephone-event/48000, telephone-event/8000");
        assertRefused(chrome.replace("a=recvonly", "a=sendonly"), LocalAudio.send(),
                "the offer's audio is a=sendonly: it does not receive, and this endpoint only sends audio");
        assertRefused(chrome.replace("a=recvonly", "a=sendonly"), LocalAudio.send(), "does not receive");
        assertRefused(chrome, LocalAudio.receive(), "the offer's audio is a=recvonly: it does not send, and this endpoint only receives audio");
        assertRefused(chrome.replace("UDP/TLS/RTP/SAVPF", "RTP/AVP"), LocalAudio.send(), "uses 'RTP/AVP', not DTLS-SRTP (UDP/TLS/RTP/SAVPF)");
        assertRefused(chrome.replace("a=rtcp-mux\r\n", ""), LocalAudio.send(), "has no a=rtcp-mux");
        assertRefused(chrome.replaceAll("a=ice-ufrag:[^\r]*\r\n", ""), LocalAudio.send(), "the offer has no a=ice-ufrag");
        assertRefused(chrome.replaceAll("a=ice-pwd:[^\r]*\r\n", "a=ice-pwd:short\r\n"), LocalAudio.send(), "a=ice-pwd is not 22-256 ice-chars");
        assertRefused(chrome.replaceAll("a=fingerprint:[^\r]*\r\n", ""), LocalAudio.send(), "has no a=fingerprint");
        assertRefused(chrome.replaceAll("a=fingerprint:sha-256", "a=fingerprint:md5"), LocalAudio.send(), "hash function 'md5' is not one of");
        assertRefused(chrome.replaceAll("(a=fingerprint:sha-256 )..", "$1ZZ"), LocalAudio.send(), "is not hex pairs");
        assertRefused(chrome.replaceAll("a=setup:actpass", "a=setup:holdconn"), LocalAudio.send(), "a=setup is 'holdconn'");
        assertRefused(chrome.replaceFirst("(a=candidate:\\S+ 1 udp \\d+ \\S+) \\d+ typ", "$1 port typ"), LocalAudio.send(),
                "has a malformed candidate: the candidate's port 'port' is not a number");
        String videoOnly = chrome.substring(0, chrome.indexOf("m=audio")) + chrome.substring(chrome.indexOf("m=video"));
        assertRefused(videoOnly, LocalAudio.send(), "the offer has no audio section (it offers video)");
    }

    @Test
    void textThatIsNotSdpIsRefusedNamingTheLine() {
        assertParseError("", "the SDP is empty");
        assertParseError("hello", "line 1: 'hello' is not an SDP line");
        assertParseError("v=1\r\n", "line 1 must be 'v=0'");
        assertParseError("v=0\r\ns=-\r\n", "the SDP has no origin line (o=)");
        assertParseError("v=0\r\no=- 1 2 IN IP4\r\n", "line 2: 'o=- 1 2 IN IP4' is not an origin line");
        assertParseError("v=0\r\no=- 1 2 IN IP4 0.0.0.0\r\nm=audio nine UDP/TLS/RTP/SAVPF 111\r\n", "line 3: 'm=audio nine UDP/TLS/RTP/SAVPF 111' has no valid port");
        assertParseError("v=0\r\no=- 1 2 IN IP4 0.0.0.0\r\nm=audio 9\r\n", "is not a media line");
        assertParseError("v=0\r\no=- 1 2 IN IP4 0.0.0.0\r\na=:x\r\n", "has no valid attribute name");
        assertParseError("v=0\r\n\r\no=- 1 2 IN IP4 0.0.0.0\r\n", "line 2 is empty");
        assertParseError("v=0\r\no=- 1 2 IN IP4 0.0.0.0\r\ns=\rx\r\n", "control character");
        assertParseError("v=0\r\n" + "a=x\r\n".repeat(40_000), "characters long");
    }

    static void assertRefused(String offer, LocalAudio audio, String expected) throws SdpException {
        SessionDescription parsed = SessionDescription.parse(offer);
        SdpException e = assertThrows(SdpException.class, () -> Negotiation.answer(parsed, audio, SERVER));
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
    }

    static void assertParseError(String text, String expected) {
        SdpException e = assertThrows(SdpException.class, () -> SessionDescription.parse(text));
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
    }

}

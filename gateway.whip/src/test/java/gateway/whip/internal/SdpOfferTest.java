package gateway.whip.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SdpOfferTest {
    private static final String AUDIO = "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n"
            + "m=audio 9 UDP/TLS/RTP/SAVPF 111 0\r\nc=IN IP4 0.0.0.0\r\na=mid:0\r\na=rtpmap:111 opus/48000/2\r\na=rtpmap:0 PCMU/8000\r\n";
    private static final String VIDEO = "m=video 9 UDP/TLS/RTP/SAVPF 96\r\na=mid:1\r\na=rtpmap:96 VP8/90000\r\n";

    private static String detail(String sdp) {
        WhipException e = assertThrows(WhipException.class, () -> SdpOffer.check(sdp));
        assertEquals(WhipError.OFFER_UNACCEPTABLE, e.error());
        return e.getMessage();
    }

    @Test
    void acceptsAudioWithOpusAlsoBesideVideo() {
        assertEquals(List.of("audio"), SdpOffer.check(AUDIO));
        assertEquals(List.of("audio", "video"), SdpOffer.check(AUDIO + VIDEO));
        assertEquals(List.of("audio"), SdpOffer.check(AUDIO.replace("\r\n", "\n")), "bare LF line ends");
    }

    @Test
    void refusesWhatIsNotAnAudioOfferWithOpus() {
        assertTrue(detail("").contains("empty"));
        assertTrue(detail("hello").contains("not an SDP offer"));
        assertTrue(detail("v=0\r\ns=-\r\n").contains("no media"));
        assertTrue(detail("v=0\r\ns=-\r\n" + VIDEO).contains("no audio (media: video)"));
        String pcmu = AUDIO.replace("m=audio 9 UDP/TLS/RTP/SAVPF 111 0", "m=audio 9 UDP/TLS/RTP/SAVPF 0").replace("a=rtpmap:111 opus/48000/2\r\n", "");
        assertTrue(detail(pcmu).contains("no Opus (offered: PCMU/8000)"), detail(pcmu));
        String notListed = AUDIO.replace("SAVPF 111 0", "SAVPF 0");
        assertTrue(detail(notListed).contains("no Opus"), "an rtpmap not in the m-line's formats does not count");
        assertTrue(detail("x".repeat(SdpOffer.MAX_BYTES + 1)).contains("larger than"));
    }

    @Test
    void answersAllowStereoOpus() {
        String answer = "v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=rtpmap:111 opus/48000/2\r\na=fmtp:111 minptime=10;useinbandfec=1\r\n";
        String stereo = SdpOffer.allowStereo(answer);
        assertTrue(stereo.contains("a=fmtp:111 minptime=10;useinbandfec=1;stereo=1;sprop-stereo=1\r\n"), stereo);
        assertEquals(stereo, SdpOffer.allowStereo(stereo), "idempotent");
    }
}

package gateway.webrtc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class TrickleFragmentsTest {

    @Test
    void theUsernameFragmentOfAFragmentIsFound() {
        assertEquals("Xy12", TrickleFragments.ufrag("a=ice-ufrag:Xy12\r\na=ice-pwd:secret\r\nm=audio 9 UDP/TLS/RTP/SAVPF 0\r\n"
                + "a=mid:0\r\na=candidate:1 1 udp 2130706431 192.0.2.1 5000 typ host\r\n"));
        assertEquals("ab", TrickleFragments.ufrag("a=mid:0\na=ice-ufrag: ab \n"), "LF only, spaces around");
    }

    @Test
    void aFragmentWithoutOneHasNone() {
        assertNull(TrickleFragments.ufrag("a=mid:0\r\na=candidate:1 1 udp 1 192.0.2.1 5000 typ host\r\n"));
        assertNull(TrickleFragments.ufrag(""));
    }

    @Test
    void everyPeerEndHasACause() {
        for (gateway.lib.rtc.PeerEnd end : gateway.lib.rtc.PeerEnd.values()) EndCause.of(end);
        assertEquals(EndCause.CONSENT_EXPIRED, EndCause.of(gateway.lib.rtc.PeerEnd.CONSENT_EXPIRED));
        assertEquals("consent-expired", EndCause.CONSENT_EXPIRED.wire());
    }
}

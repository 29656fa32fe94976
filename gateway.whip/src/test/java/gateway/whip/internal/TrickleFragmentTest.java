package gateway.whip.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TrickleFragmentTest {

    @Test
    void readsTheUsernameFragmentAndTheCandidatesOfEachMediaSection() {
        TrickleFragment f = TrickleFragment.parse("a=ice-ufrag:EsAw\r\na=ice-pwd:P2uYro0UCOQ4zxjKXaWCBui1\r\na=group:BUNDLE 0 1\r\n"
                + "m=audio 9 RTP/AVP 0\r\na=mid:0\r\n"
                + "a=candidate:1387637174 1 udp 2122260223 192.0.2.1 61764 typ host generation 0 ufrag EsAw network-id 1\r\n"
                + "m=audio 9 RTP/AVP 0\r\na=mid:1\r\n"
                + "a=candidate:3471623853 1 UDP 2122194687 198.51.100.2 61765 typ host\r\n"
                + "a=end-of-candidates\r\n");
        assertEquals("EsAw", f.ufrag());
        assertEquals(List.of(
                new TrickleFragment.Candidate("0", "candidate:1387637174 1 udp 2122260223 192.0.2.1 61764 typ host generation 0 ufrag EsAw network-id 1"),
                new TrickleFragment.Candidate("1", "candidate:3471623853 1 UDP 2122194687 198.51.100.2 61765 typ host")), f.candidates());
        TrickleFragment bare = TrickleFragment.parse("a=candidate:1 1 udp 1 127.0.0.1 9 typ host\n");
        assertNull(bare.ufrag());
        assertEquals("0", bare.candidates().get(0).mid(), "no a=mid: the first section");
        assertTrue(TrickleFragment.parse(null).candidates().isEmpty());
    }

    @Test
    void malformedCandidatesAreRefusedBeforeWebRtcSeesThem() {
        for (String bad : List.of("a=candidate:garbage", "a=candidate:1 1 udp x y z", "a=candidate:1 1 udp 1 127.0.0.1 9 host",
                "a=candidate:1 1 udp 1 127.0.0.1 port typ host")) {
            WhipException e = assertThrows(WhipException.class, () -> TrickleFragment.parse(bad + "\r\n"), bad);
            assertEquals(WhipError.FRAGMENT_UNACCEPTABLE, e.error());
            assertTrue(e.getMessage().startsWith("malformed candidate '" + bad.substring(2) + "'"), e.getMessage());
        }
    }
}

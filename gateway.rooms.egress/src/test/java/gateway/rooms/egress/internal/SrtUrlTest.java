package gateway.rooms.egress.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.api.rooms.EgressException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SrtUrlTest {
    @Test
    void readsStreamIdPassphraseKeyLengthAndLatencyAndMasksThePassphrase() {
        SrtUrl u = SrtUrl.parse("srt://radio.example:9000?streamid=live%2Fmix&passphrase=a-secret-phrase&pbkeylen=32&latency=200");
        assertEquals("radio.example", u.options().target().getHostString());
        assertEquals(9000, u.options().target().getPort());
        assertEquals("live/mix", u.options().streamId());
        assertEquals("a-secret-phrase", u.options().passphrase());
        assertEquals(32, u.options().keyLength());
        assertEquals(Duration.ofMillis(200), u.options().latency());
        assertEquals("srt://radio.example:9000?streamid=live%2Fmix&passphrase=***&pbkeylen=32&latency=200", u.redacted());
    }

    @Test
    void withoutAPassphraseItIsUnencryptedAndShownAsGiven() {
        SrtUrl u = SrtUrl.parse("srt://127.0.0.1:9000");
        assertEquals(null, u.options().passphrase());
        assertEquals("", u.options().streamId());
        assertEquals("srt://127.0.0.1:9000", u.redacted());
    }

    @Test
    void refusesRtmpMalformedAndBadOptionsWithTheirReason() {
        EgressException rtmp = assertThrows(EgressException.class, () -> SrtUrl.parse("rtmp://live.twitch.tv/app/key"));
        assertEquals(EgressException.Reason.NOT_SUPPORTED, rtmp.reason());
        assertTrue(rtmp.getMessage().contains("srt://"), rtmp.getMessage());
        assertEquals(EgressException.Reason.INVALID, assertThrows(EgressException.class, () -> SrtUrl.parse("srt://host")).reason());
        assertEquals(EgressException.Reason.INVALID, assertThrows(EgressException.class, () -> SrtUrl.parse("srt://h:1?passphrase=short")).reason());
        assertEquals(EgressException.Reason.INVALID, assertThrows(EgressException.class, () -> SrtUrl.parse("srt://h:1?passphrase=long-enough-1&pbkeylen=8")).reason());
        assertEquals(EgressException.Reason.INVALID, assertThrows(EgressException.class, () -> SrtUrl.parse("srt://h:1?latency=soon")).reason());
        assertEquals(EgressException.Reason.INVALID, assertThrows(EgressException.class, () -> SrtUrl.parse("srt://h:1 2")).reason());
        EgressException blank = assertThrows(EgressException.class, () -> SrtUrl.parse(" "));
        assertTrue(!blank.getMessage().contains("long-enough"), "no secret in messages");
    }
}

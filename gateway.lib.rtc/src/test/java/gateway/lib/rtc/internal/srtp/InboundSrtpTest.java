package gateway.lib.rtc.internal.srtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import gateway.lib.rtc.SrtpProfile;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Forged SRTP from the peer's own address (anyone can send it): dropped without leaving state behind. */
class InboundSrtpTest {

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void forgedPacketsWithMadeUpSourcesDoNotLockOutTheNextRealSource(SrtpProfile profile) {
        Random random = new Random(profile.ordinal() + 11);
        byte[] key = new byte[profile.keyLength()];
        byte[] salt = new byte[profile.saltLength()];
        random.nextBytes(key);
        random.nextBytes(salt);
        InboundSrtp in = new InboundSrtp(profile, key, salt);

        // far more made-up SSRCs than there are places for, each with a tag that cannot be right
        for (int i = 0; i < InboundSrtp.MAX_SSRCS * 4; i++) {
            byte[] forged = packet(random.nextInt(), i, 160 + 16);
            for (int j = 12; j < forged.length; j++) forged[j] = (byte) random.nextInt();
            assertEquals(InboundSrtp.AUTHENTICATION_FAILED, in.unprotectRtp(forged, 0, forged.length));
        }
        // the peer's real sources, each from its own sender: every one is accepted
        for (int source = 0; source < InboundSrtp.MAX_SSRCS; source++) {
            OutboundSrtp out = new OutboundSrtp(profile, key, salt);
            int ssrc = 0x5000_0000 + source;
            for (int seq = 100; seq < 103; seq++) {
                byte[] plain = packet(ssrc, seq, 160);
                byte[] p = Arrays.copyOf(plain, plain.length + out.rtpOverhead());
                int n = out.protectRtp(p, 0, plain.length);
                assertEquals(plain.length, in.unprotectRtp(p, 0, n), "source " + source + ", packet " + seq);
                assertArrayEquals(plain, Arrays.copyOf(p, plain.length));
            }
        }
        // a seventeenth real source has no place, as before
        OutboundSrtp extra = new OutboundSrtp(profile, key, salt);
        byte[] plain = packet(0x6000_0000, 1, 160);
        byte[] p = Arrays.copyOf(plain, plain.length + extra.rtpOverhead());
        assertEquals(InboundSrtp.TOO_MANY_SOURCES, in.unprotectRtp(p, 0, extra.protectRtp(p, 0, plain.length)));
    }

    private static byte[] packet(int ssrc, int seq, int payload) {
        byte[] p = new byte[12 + payload];
        p[0] = (byte) 0x80;
        p[1] = 111;
        p[2] = (byte) (seq >>> 8);
        p[3] = (byte) seq;
        int ts = seq * 960;
        p[4] = (byte) (ts >>> 24);
        p[5] = (byte) (ts >>> 16);
        p[6] = (byte) (ts >>> 8);
        p[7] = (byte) ts;
        p[8] = (byte) (ssrc >>> 24);
        p[9] = (byte) (ssrc >>> 16);
        p[10] = (byte) (ssrc >>> 8);
        p[11] = (byte) ssrc;
        for (int i = 12; i < p.length; i++) p[i] = (byte) (i * 7);
        return p;
    }
}

package gateway.sessions.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ForkReplyTest {

    private static byte[] pcm(int samples, short value) {
        byte[] b = new byte[samples * 2];
        for (int i = 0; i < samples; i++) {
            b[2 * i] = (byte) value;
            b[2 * i + 1] = (byte) (value >> 8);
        }
        return b;
    }

    @Test
    void playsQueuedAudioThenSilenceAndReachesCheckpointsAfterTheAudioBeforeThem() {
        try (ForkReply reply = new ForkReply(60)) {
            short[] frame = new short[ForkReply.FRAME];
            assertTrue(reply.add(pcm(1440, (short) 1000), 48_000)); // 30 ms
            reply.checkpoint("one");
            assertEquals(List.of(), reply.take(frame));
            assertEquals(1000, frame[959]);
            assertEquals(List.of("one"), reply.take(frame)); // the rest of the audio, then the checkpoint
            assertEquals(1000, frame[479]);
            assertEquals(0, frame[480]);
            assertEquals(List.of(), reply.take(frame));
            assertEquals(0, frame[0]);
        }
    }

    @Test
    void resamplesTheProtocolsRatesTo48kHz() {
        try (ForkReply reply = new ForkReply(60)) {
            short[] frame = new short[ForkReply.FRAME];
            assertTrue(reply.add(pcm(320 * 3, (short) 0), 16_000)); // 60 ms
            reply.checkpoint("end");
            int frames = 0;
            while (reply.take(frame).isEmpty()) frames++;
            assertTrue(frames >= 2 && frames <= 3, "60 ms at 16 kHz plays as 3 frames at 48 kHz, give or take the filter's delay: " + frames);
        }
    }

    @Test
    void clearDropsAudioAndCheckpointsAndTheBoundRefusesMore() {
        try (ForkReply reply = new ForkReply(1)) {
            short[] frame = new short[ForkReply.FRAME];
            assertTrue(reply.add(pcm(48_000, (short) 5), 48_000));
            assertFalse(reply.add(pcm(960, (short) 5), 48_000), "beyond 1 s");
            reply.checkpoint("dropped");
            reply.clear();
            assertEquals(List.of(), reply.take(frame));
            assertEquals(0, frame[0]);
            assertTrue(reply.add(pcm(960, (short) 5), 48_000), "room again after clear");
            assertThrows(IllegalArgumentException.class, () -> reply.add(new byte[3], 48_000));
            assertThrows(IllegalArgumentException.class, () -> reply.add(new byte[4], 44_100));
        }
    }
}

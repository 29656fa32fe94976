package gateway.example.tonedetect.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.api.processing.ProcessorException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ToneMeterTest {

    private static short[] tone(double hz, double amplitude, int samples) {
        short[] pcm = new short[samples];
        for (int i = 0; i < samples; i++) pcm[i] = (short) Math.round(amplitude * 32767 * Math.sin(2 * Math.PI * hz * i / ToneMeter.RATE));
        return pcm;
    }

    @Test
    void aToneOfTheFrequencyReadsAsItsAmplitudeAndHoldsThePowerAnotherDoesNot() {
        ToneMeter meter = new ToneMeter(440, 100);
        assertNull(meter.add(tone(440, 0.3, 4799), 4799), "no reading before a window completes");
        ToneMeter.Reading at440 = new ToneMeter(440, 100).add(tone(440, 0.3, 4800), 4800);
        assertEquals(0.3, at440.amplitude(), 0.01);
        assertTrue(at440.share() > 0.95, at440.toString());
        ToneMeter.Reading at1000 = new ToneMeter(1000, 100).add(tone(440, 0.3, 4800), 4800);
        assertTrue(at1000.amplitude() < 0.01 && at1000.share() < 0.01, at1000.toString());
    }

    @Test
    void settingsNeedAFrequencyAndRefuseWhatTheyDoNotTake() throws Exception {
        ToneSettings s = ToneSettings.of(Map.of("hz", 440));
        assertEquals(440, s.hz());
        assertEquals(0.05, s.minLevel());
        assertEquals(100, s.windowMs());
        assertEquals(0.2, ToneSettings.of(Map.of("hz", 1000.5, "min_level", 0.2, "window_ms", 40)).minLevel());
        for (Map<String, Object> bad : java.util.List.<Map<String, Object>>of(Map.of(), Map.of("hz", 10), Map.of("hz", "440"),
                Map.of("hz", 440, "min_level", 2), Map.of("hz", 440, "window_ms", 5), Map.of("hz", 440, "gain", 1))) {
            ProcessorException e = assertThrows(ProcessorException.class, () -> ToneSettings.of(bad), bad.toString());
            assertTrue(e.getMessage().startsWith("tone-detect"), e.getMessage());
        }
    }
}

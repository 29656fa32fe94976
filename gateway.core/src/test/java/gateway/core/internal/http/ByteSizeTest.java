package gateway.core.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ByteSizeTest {
    @Test
    void unitsAreDecimalOrBinary() {
        assertEquals(1_000_000, ByteSize.parse("maxRequestBodySize", "1MB"));
        assertEquals(1_048_576, ByteSize.parse("maxRequestBodySize", "1 MiB"));
        assertEquals(512, ByteSize.parse("maxRequestBodySize", "512"));
        assertEquals(64_000_000, ByteSize.parse("maxPluginSize", "64mb"));
    }

    @Test
    void nonsenseIsRefusedNamingTheSetting() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ByteSize.parse("maxRequestBodySize", "lots"))
                .getMessage().startsWith("maxRequestBodySize: "));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ByteSize.parse("maxRequestBodySize", "3 parsecs"))
                .getMessage().contains("unknown unit"));
        assertThrows(IllegalArgumentException.class, () -> ByteSize.parse("maxRequestBodySize", "0"));
        assertThrows(IllegalArgumentException.class, () -> ByteSize.parse("maxRequestBodySize", "99999999999999999999GB"));
    }
}

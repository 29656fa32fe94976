package gateway.core.internal.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What a client reads when Jackson refuses its request body: the field and what it must be, nothing internal. */
class JsonProblemsTest {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    enum Mode { AUTO, REQUEST }

    record Target(String host, int port) {}

    record Body(UUID event, Boolean record, Integer count, Target srt, List<Integer> ports, Mode mode) {}

    private static String describe(String json) {
        JsonProcessingException e = assertThrows(JsonProcessingException.class, () -> MAPPER.readValue(json, Body.class));
        String detail = JsonProblems.describe(e);
        for (String internal : List.of("java.", "Cannot deserialize", "line:", "column:", "Unrecognized token", "Source:", "`")) {
            assertFalse(detail.contains(internal), "'" + internal + "' in: " + detail);
        }
        return detail;
    }

    @Test
    void aWrongTypedFieldIsNamedWithWhatItMustBe() {
        assertEquals("'record' must be true or false, got 'maybe'", describe("{\"record\": \"maybe\"}"));
        assertEquals("'event' must be a UUID, got 'x'", describe("{\"event\": \"x\"}"));
        assertEquals("'count' must be an integer, got 'ten'", describe("{\"count\": \"ten\"}"));
        assertEquals("'mode' must be one of 'AUTO', 'REQUEST', got 'sometimes'", describe("{\"mode\": \"sometimes\"}"));
    }

    @Test
    void nestedFieldsAndArrayElementsAreNamedByTheirPath() {
        assertEquals("'srt.port' must be an integer, got 'http'", describe("{\"srt\": {\"host\": \"h\", \"port\": \"http\"}}"));
        assertEquals("'ports[1]' must be an integer, got 'b'", describe("{\"ports\": [1, \"b\"]}"));
        assertEquals("'srt' must be a JSON object", describe("{\"srt\": [1]}"));
    }

    @Test
    void unknownFieldsAndBrokenSyntaxAreSaidPlainly() {
        assertEquals("unknown field 'colour'", describe("{\"colour\": 1}"));
        assertEquals("the request body is not valid JSON: it ends before the JSON value is complete", describe("{\"event\":"));
        assertEquals("the request body is not valid JSON (near the field 'record')", describe("{\"record\": tru}"));
        assertEquals("the request body must be a JSON object", describe("[1, 2]"));
        assertEquals("the request body is empty; a JSON object is expected", describe(""));
    }
}

package gateway.core.internal.rest;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.time.temporal.Temporal;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Turns a JSON reader's failure into a sentence for the client: which field is wrong and what it must be, or that
 * the body is not JSON at all. Never a Java type name, a parser message, or a line and column.
 */
final class JsonProblems {
    private JsonProblems() {
    }

    /** @return the JSON failure among the causes, or {@code null} if there is none */
    static JsonProcessingException find(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof JsonProcessingException j) return j;
        }
        return null;
    }

    /** @return what is wrong with the request body */
    static String describe(JsonProcessingException e) {
        if (e instanceof JsonEOFException) return "the request body is not valid JSON: it ends before the JSON value is complete";
        if (e instanceof JsonParseException p) return "the request body is not valid JSON" + near(p);
        if (e instanceof JsonMappingException m) {
            String field = path(m);
            if (e instanceof UnrecognizedPropertyException) return "unknown field '" + field + "'";
            if (e instanceof MismatchedInputException mi) {
                String expected = expected(mi.getTargetType());
                if (field.isEmpty()) {
                    return String.valueOf(mi.getOriginalMessage()).startsWith("No content")
                            ? "the request body is empty; " + expected + " is expected"
                            : "the request body must be " + expected;
                }
                String got = e instanceof InvalidFormatException f ? value(f.getValue()) : "";
                return "'" + field + "' must be " + expected + got;
            }
            return field.isEmpty() ? "the request body does not have the expected shape" : "'" + field + "' has an invalid value";
        }
        return "the request body is not valid JSON";
    }

    /** The field being read when the syntax broke, if the parser still knows it. */
    private static String near(JsonParseException e) {
        try {
            if (e.getProcessor() instanceof com.fasterxml.jackson.core.JsonParser p && p.getParsingContext() != null) {
                String name = p.getParsingContext().getCurrentName();
                if (name != null) return " (near the field '" + name + "')";
            }
        } catch (RuntimeException ignored) {
            // the parser is closed: no context to add
        }
        return "";
    }

    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                if (sb.length() > 0) sb.append('.');
                sb.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    private static String value(Object v) {
        if (v == null) return "";
        String s = v.toString();
        if (s.length() > 40) s = s.substring(0, 40) + "…";
        return ", got '" + s.replace("'", "\\'") + "'";
    }

    static String expected(Class<?> type) {
        if (type == null) return "a value of another type";
        if (type == String.class || type == Character.class || type == char.class) return "a string";
        if (type == Boolean.class || type == boolean.class) return "true or false";
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class
                || type == Short.class || type == short.class || type == Byte.class || type == byte.class
                || type == java.math.BigInteger.class) return "an integer";
        if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) return "a number";
        if (type == UUID.class) return "a UUID";
        if (type == java.time.Duration.class) return "an ISO-8601 duration such as PT30S";
        if (Temporal.class.isAssignableFrom(type)) return "an ISO-8601 timestamp";
        if (type.isEnum()) {
            return "one of " + Arrays.stream(type.getEnumConstants()).map(c -> "'" + c + "'").collect(Collectors.joining(", "));
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) return "a JSON array";
        if (Map.class.isAssignableFrom(type) || type.isRecord() || !type.getName().startsWith("java.")) return "a JSON object";
        return "a value of another type";
    }
}

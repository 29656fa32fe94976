package gateway.openapi.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Applies the attributes of Swagger's {@link Schema} and {@link ArraySchema} annotations to a generated
 * JSON Schema. Only attributes a plugin actually set are applied (the annotations' defaults are "unset").
 */
final class SchemaAnnotations {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    /** Parses example and default values; created on first use. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    private SchemaAnnotations() {
    }

    /** @return whether the annotation marks its property or parameter as required */
    static boolean required(Schema a) {
        if (a == null) return false;
        return a.requiredMode() == Schema.RequiredMode.REQUIRED || (a.required() && a.requiredMode() != Schema.RequiredMode.NOT_REQUIRED);
    }

    /** @return whether the annotation asks for an explicit schema instead of the one inferred from the Java type */
    static boolean replacesType(Schema a) {
        return a != null && (a.implementation() != Void.class || !a.type().isEmpty());
    }

    /**
     * @param schema  the schema inferred from the Java type (a {@code $ref} or an inline schema)
     * @param a       the annotation, or null
     * @param schemas builds the schema of {@link Schema#implementation()}
     * @return the schema with the annotation's attributes: {@code schema} itself, changed, or a new node
     *         (a {@code $ref} cannot carry sibling keywords in OpenAPI 3.0, so it is wrapped in {@code allOf})
     */
    static ObjectNode apply(ObjectNode schema, Schema a, SchemaBuilder schemas) {
        if (a == null) return schema;
        ObjectNode s = schema;
        if (a.implementation() != Void.class) s = schemas.schema(a.implementation());
        else if (!a.type().isEmpty()) s = F.objectNode().put("type", a.type());
        ObjectNode extra = F.objectNode();
        if (!a.format().isEmpty()) extra.put("format", a.format());
        if (!a.title().isEmpty()) extra.put("title", a.title());
        if (!a.description().isEmpty()) extra.put("description", a.description());
        if (a.allowableValues().length > 0) {
            var values = extra.putArray("enum");
            for (String v : a.allowableValues()) values.add(typed(v, s, schemas));
        }
        if (!a.defaultValue().isEmpty()) extra.set("default", typed(a.defaultValue(), s, schemas));
        if (!a.example().isEmpty()) extra.set("example", typed(a.example(), s, schemas));
        if (!a.minimum().isEmpty()) extra.set("minimum", number(a.minimum()));
        if (!a.maximum().isEmpty()) extra.set("maximum", number(a.maximum()));
        if (a.minLength() > 0) extra.put("minLength", a.minLength());
        if (a.maxLength() != Integer.MAX_VALUE) extra.put("maxLength", a.maxLength());
        if (!a.pattern().isEmpty()) extra.put("pattern", a.pattern());
        if (a.nullable()) extra.put("nullable", true);
        if (a.deprecated()) extra.put("deprecated", true);
        if (a.accessMode() == Schema.AccessMode.READ_ONLY || a.readOnly()) extra.put("readOnly", true);
        if (a.accessMode() == Schema.AccessMode.WRITE_ONLY || a.writeOnly()) extra.put("writeOnly", true);
        if (extra.isEmpty()) return s;
        if (s.has("$ref")) {
            ObjectNode wrapped = F.objectNode();
            wrapped.putArray("allOf").add(s);
            wrapped.setAll(extra);
            return wrapped;
        }
        ObjectNode copy = s.deepCopy();
        copy.setAll(extra);
        return copy;
    }

    /**
     * @param items the schema of the array's items, inferred from the Java type
     * @param a     the annotation, or null
     * @return the array schema with the annotation's attributes
     */
    static ObjectNode applyArray(ObjectNode items, ArraySchema a, SchemaBuilder schemas) {
        ObjectNode array = F.objectNode().put("type", "array");
        if (a == null) {
            array.set("items", items);
            return array;
        }
        Schema itemAnnotation = a.schema();
        array.set("items", apply(items, isSet(itemAnnotation) ? itemAnnotation : null, schemas));
        if (a.minItems() != Integer.MAX_VALUE) array.put("minItems", a.minItems());
        if (a.maxItems() != Integer.MIN_VALUE) array.put("maxItems", a.maxItems());
        if (a.uniqueItems()) array.put("uniqueItems", true);
        return apply(array, isSet(a.arraySchema()) ? a.arraySchema() : null, schemas);
    }

    /** @return whether an annotation nested as an attribute value was written by the plugin (not the default) */
    static boolean isSet(Schema a) {
        return a != null && (a.implementation() != Void.class || !a.type().isEmpty() || !a.description().isEmpty()
                || !a.example().isEmpty() || a.allowableValues().length > 0 || !a.format().isEmpty() || required(a)
                || !a.defaultValue().isEmpty());
    }

    /**
     * @param raw    a value written in an annotation (always a string there)
     * @param schema the schema it belongs to
     * @return the value as the JSON type of the schema: numbers and booleans unquoted, JSON objects and
     *         arrays parsed, everything else a string
     */
    static JsonNode typed(String raw, ObjectNode schema, SchemaBuilder schemas) {
        String type = schemas.resolve(schema).path("type").asText("");
        try {
            switch (type) {
                case "integer", "number", "boolean", "object", "array" -> {
                    return Json.MAPPER.readTree(raw);
                }
                default -> {
                    if (type.isEmpty() && (raw.startsWith("{") || raw.startsWith("["))) return Json.MAPPER.readTree(raw);
                    return F.textNode(raw);
                }
            }
        } catch (JsonProcessingException e) {
            return F.textNode(raw);
        }
    }

    /** @return a JSON value parsed from {@code raw} when it is JSON, else the string itself */
    static JsonNode jsonOrText(String raw) {
        String t = raw.strip();
        if (t.startsWith("{") || t.startsWith("[")) {
            try {
                return Json.MAPPER.readTree(t);
            } catch (JsonProcessingException e) {
                return F.textNode(raw);
            }
        }
        return F.textNode(raw);
    }

    private static JsonNode number(String raw) {
        try {
            return F.numberNode(new java.math.BigDecimal(raw.trim()));
        } catch (NumberFormatException e) {
            return F.textNode(raw);
        }
    }
}

package gateway.openapi.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.io.InputStream;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * JSON Schemas (OpenAPI 3.0 dialect) for Java types as Jackson writes them: records by their
 * components, beans by their getters, named types as {@code $ref}s into {@code components/schemas}.
 * Swagger's {@link Schema} and {@link ArraySchema} on a type, a record component or a getter add a
 * description, an example, allowed values, bounds and whether the property is required.
 */
final class SchemaBuilder {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private final ObjectNode components;
    /** Class → its name in {@code components/schemas}; distinct classes with one simple name get a suffix. */
    private final Map<Class<?>, String> names = new HashMap<>();

    /** @param components the document's {@code components.schemas} object, filled as types are met */
    SchemaBuilder(ObjectNode components) {
        this.components = components;
    }

    ObjectNode schema(Type type) {
        if (type instanceof Class<?> c) return forClass(c);
        if (type instanceof ParameterizedType p) {
            Class<?> raw = (Class<?>) p.getRawType();
            Type[] args = p.getActualTypeArguments();
            if (Collection.class.isAssignableFrom(raw)) return array(schema(args[0]));
            if (Map.class.isAssignableFrom(raw)) return F.objectNode().put("type", "object").set("additionalProperties", schema(args[1]));
            if (raw == Optional.class) return schema(args[0]);
            return forClass(raw);
        }
        if (type instanceof GenericArrayType g) return array(schema(g.getGenericComponentType()));
        if (type instanceof WildcardType w) return schema(w.getUpperBounds()[0]);
        if (type instanceof TypeVariable<?>) return F.objectNode();
        return F.objectNode();
    }

    private ObjectNode forClass(Class<?> c) {
        if (c == String.class || c == char.class || c == Character.class || c == UUID.class || c == URI.class) return type("string");
        if (c == boolean.class || c == Boolean.class) return type("boolean");
        if (c == int.class || c == Integer.class || c == short.class || c == Short.class || c == byte.class || c == Byte.class) {
            return type("integer").put("format", "int32");
        }
        if (c == long.class || c == Long.class || c == BigInteger.class) return type("integer").put("format", "int64");
        if (c == double.class || c == Double.class || c == float.class || c == Float.class || c == BigDecimal.class || c == Number.class) {
            return type("number");
        }
        if (c == Instant.class || c == OffsetDateTime.class || c == ZonedDateTime.class) return type("string").put("format", "date-time");
        if (c == LocalDate.class) return type("string").put("format", "date");
        if (c == byte[].class) return type("string").put("format", "byte");
        if (InputStream.class.isAssignableFrom(c)) return type("string").put("format", "binary");
        if (c.isArray()) return array(schema(c.getComponentType()));
        if (c.isEnum()) {
            ObjectNode s = type("string");
            var values = s.putArray("enum");
            for (Object constant : c.getEnumConstants()) values.add(constant.toString());
            return s;
        }
        if (Collection.class.isAssignableFrom(c)) return array(F.objectNode());
        if (Map.class.isAssignableFrom(c)) return type("object");
        if (c == Object.class || c == void.class || c == Void.class || c.getName().startsWith("java.")
                || c.getName().startsWith("javax.") || c.getName().startsWith("com.fasterxml.")) {
            return F.objectNode();
        }
        return ref(c);
    }

    private ObjectNode ref(Class<?> c) {
        String name = names.get(c);
        if (name == null) {
            String simple = c.getSimpleName().isEmpty() ? "Anonymous" : c.getSimpleName();
            name = simple;
            for (int i = 2; components.has(name); i++) name = simple + i;
            names.put(c, name);
            components.set(name, F.objectNode()); // placeholder against recursion
            components.set(name, objectSchema(c));
        }
        return F.objectNode().put("$ref", "#/components/schemas/" + name);
    }

    /**
     * @param schema a schema made by this builder
     * @return the schema it stands for: a {@code $ref}'s target, an {@code allOf} wrapper's only member
     */
    ObjectNode resolve(ObjectNode schema) {
        ObjectNode s = schema;
        for (int depth = 0; depth < 4; depth++) {
            if (s.has("allOf") && s.get("allOf").size() == 1 && !s.has("type")) {
                s = (ObjectNode) s.get("allOf").get(0);
            } else if (s.has("$ref")) {
                String ref = s.get("$ref").asText();
                var target = components.get(ref.substring(ref.lastIndexOf('/') + 1));
                if (!(target instanceof ObjectNode o)) return s;
                s = o;
            } else {
                return s;
            }
        }
        return s;
    }

    private ObjectNode objectSchema(Class<?> c) {
        ObjectNode s = type("object");
        Schema typeAnnotation = c.getAnnotation(Schema.class);
        if (typeAnnotation != null && !typeAnnotation.description().isEmpty()) s.put("description", typeAnnotation.description());
        ObjectNode props = s.putObject("properties");
        ArrayNode required = F.arrayNode();
        if (c.isRecord()) {
            for (RecordComponent rc : c.getRecordComponents()) property(props, required, rc.getName(), rc.getGenericType(), rc.getAccessor());
        } else {
            for (Method m : c.getMethods()) {
                if (Modifier.isStatic(m.getModifiers()) || m.getParameterCount() != 0 || m.getDeclaringClass() == Object.class) continue;
                String property = propertyName(m);
                if (property != null) property(props, required, property, m.getGenericReturnType(), m);
            }
        }
        if (!required.isEmpty()) s.set("required", required);
        if (typeAnnotation != null && !typeAnnotation.example().isEmpty()) s.set("example", SchemaAnnotations.jsonOrText(typeAnnotation.example()));
        return s;
    }

    /** One property, with what its accessor's {@link Schema} or {@link ArraySchema} says about it. */
    private void property(ObjectNode props, ArrayNode required, String name, Type type, Method accessor) {
        Schema a = accessor.getAnnotation(Schema.class);
        ArraySchema array = accessor.getAnnotation(ArraySchema.class);
        if (a != null && a.hidden()) return;
        if (a != null && !a.name().isEmpty()) name = a.name();
        ObjectNode schema;
        if (array != null) {
            ObjectNode inferred = schema(type);
            ObjectNode items = inferred.has("items") ? (ObjectNode) inferred.get("items") : inferred;
            schema = SchemaAnnotations.applyArray(items, array, this);
            if (SchemaAnnotations.required(array.arraySchema())) required.add(name);
        } else {
            schema = SchemaAnnotations.apply(schema(type), a, this);
        }
        props.set(name, schema);
        if (SchemaAnnotations.required(a)) required.add(name);
    }

    private static String propertyName(Method m) {
        String n = m.getName();
        if (n.startsWith("get") && n.length() > 3 && m.getReturnType() != void.class) return decapitalize(n.substring(3));
        if (n.startsWith("is") && n.length() > 2 && (m.getReturnType() == boolean.class)) return decapitalize(n.substring(2));
        return null;
    }

    private static String decapitalize(String s) {
        return Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }

    private static ObjectNode type(String t) {
        return F.objectNode().put("type", t);
    }

    private static ObjectNode array(ObjectNode items) {
        ObjectNode a = type("array");
        a.set("items", items);
        return a;
    }
}

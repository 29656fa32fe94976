package gateway.openapi.internal;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import java.util.List;

/**
 * OpenAPI media type objects ({@code content}) and header objects from Swagger's {@link Content},
 * {@link ExampleObject} and {@link Header}: a schema given in the annotation wins over the one inferred
 * from the Java type; examples of JSON media types are parsed, so the document holds JSON, not strings.
 */
final class ContentNodes {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    static final String PROBLEM_JSON = "application/problem+json";

    private ContentNodes() {
    }

    /**
     * @param contents      the annotations (may be empty)
     * @param defaultTypes  the media types to use where an annotation names none (from {@code @Consumes}/{@code @Produces})
     * @param inferred      the schema inferred from the Java type, or null if there is none
     * @param schemas       the document's schema builder
     * @return the {@code content} object; empty if there is nothing to describe
     */
    static ObjectNode content(Content[] contents, List<String> defaultTypes, ObjectNode inferred, SchemaBuilder schemas) {
        ObjectNode out = F.objectNode();
        if (contents.length == 0) {
            if (inferred != null) for (String type : defaultTypes) out.putObject(type).set("schema", inferred.deepCopy());
            return out;
        }
        for (Content c : contents) {
            List<String> types = c.mediaType().isEmpty() ? defaultTypes : List.of(c.mediaType());
            ObjectNode schema = schema(c, inferred, schemas);
            for (String type : types) {
                ObjectNode media = out.putObject(type);
                if (schema != null) media.set("schema", schema.deepCopy());
                examples(media, c.examples(), type);
            }
        }
        return out;
    }

    private static ObjectNode schema(Content c, ObjectNode inferred, SchemaBuilder schemas) {
        if (SchemaAnnotations.isSet(c.array().schema()) || SchemaAnnotations.isSet(c.array().arraySchema())) {
            ObjectNode items = inferred != null && inferred.has("items") ? (ObjectNode) inferred.get("items") : JsonNodeFactory.instance.objectNode();
            return SchemaAnnotations.applyArray(items, c.array(), schemas);
        }
        if (SchemaAnnotations.isSet(c.schema())) {
            return SchemaAnnotations.apply(inferred == null ? F.objectNode() : inferred, c.schema(), schemas);
        }
        return inferred;
    }

    /** A single unnamed example becomes {@code example}; named ones go into {@code examples}. */
    static void examples(ObjectNode target, ExampleObject[] examples, String mediaType) {
        boolean json = mediaType.endsWith("json");
        if (examples.length == 1 && examples[0].name().isEmpty() && examples[0].summary().isEmpty()) {
            target.set("example", json ? SchemaAnnotations.jsonOrText(examples[0].value()) : F.textNode(examples[0].value()));
            return;
        }
        if (examples.length == 0) return;
        ObjectNode map = target.putObject("examples");
        int i = 1;
        for (ExampleObject e : examples) {
            String name = e.name().isEmpty() ? "example" + i : e.name();
            i++;
            ObjectNode ex = map.putObject(name);
            if (!e.summary().isEmpty()) ex.put("summary", e.summary());
            if (!e.description().isEmpty()) ex.put("description", e.description());
            if (!e.externalValue().isEmpty()) ex.put("externalValue", e.externalValue());
            else ex.set("value", json ? SchemaAnnotations.jsonOrText(e.value()) : F.textNode(e.value()));
        }
    }

    /** @return the {@code headers} object of a response */
    static ObjectNode headers(Header[] headers, SchemaBuilder schemas) {
        ObjectNode out = F.objectNode();
        for (Header h : headers) {
            if (h.hidden() || h.name().isEmpty()) continue;
            ObjectNode n = out.putObject(h.name());
            if (!h.description().isEmpty()) n.put("description", h.description());
            if (h.required()) n.put("required", true);
            if (h.deprecated()) n.put("deprecated", true);
            ObjectNode schema = SchemaAnnotations.apply(F.objectNode().put("type", "string"),
                    SchemaAnnotations.isSet(h.schema()) ? h.schema() : null, schemas);
            n.set("schema", schema);
            if (!h.example().isEmpty()) n.set("example", SchemaAnnotations.typed(h.example(), schema, schemas));
        }
        return out;
    }

    /** @return a {@code content} object holding an RFC 9457 problem document */
    static ObjectNode problem() {
        ObjectNode content = F.objectNode();
        content.putObject(PROBLEM_JSON).putObject("schema").put("$ref", "#/components/schemas/Problem");
        return content;
    }
}

package gateway.openapi.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gateway.api.http.Management;
import io.swagger.v3.oas.annotations.Hidden;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.responses.ApiResponses;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import javax.ws.rs.Consumes;
import javax.ws.rs.CookieParam;
import javax.ws.rs.DefaultValue;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.container.Suspended;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.Response;

/**
 * One OpenAPI operation from a JAX-RS resource method: the method, its path and parameters and the
 * Java types of its body and result come from the JAX-RS annotations and signature; what only a person
 * can say (summary, description, the statuses it answers and why, required fields, examples) from the
 * standard Swagger annotations ({@link Operation}, {@link ApiResponse}, {@link Parameter},
 * {@link io.swagger.v3.oas.annotations.parameters.RequestBody}, {@link io.swagger.v3.oas.annotations.media.Schema}).
 * Conventions of the gateway, so that resources need not repeat them: an error response (4xx/5xx)
 * without content is an RFC 9457 problem document; a {@link Management} operation gets the bearer
 * security requirement and its 401; every operation has a {@code default} problem response.
 */
final class OperationReader {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private final SchemaBuilder schemas;
    private final Set<String> operationIds = new HashSet<>();

    /** @param schemas the document's schema builder */
    OperationReader(SchemaBuilder schemas) {
        this.schemas = schemas;
    }

    /** @return whether the resource class or method is marked {@link Hidden} or {@code @Operation(hidden = true)} */
    static boolean hidden(Class<?> type, Method m) {
        Operation op = m.getAnnotation(Operation.class);
        return type.isAnnotationPresent(Hidden.class) || m.isAnnotationPresent(Hidden.class) || (op != null && op.hidden());
    }

    /**
     * @param r    the resource
     * @param m    the method carrying the JAX-RS annotations
     * @param path the operation's full path
     * @return the operation object
     */
    ObjectNode read(OpenApiDocument.Resource r, Method m, String path) {
        Operation op = m.getAnnotation(Operation.class);
        ObjectNode node = F.objectNode();
        ArrayNode tags = node.putArray("tags");
        if (op != null && op.tags().length > 0) for (String t : op.tags()) tags.add(t);
        else tags.add(r.tag());

        String id = op != null && !op.operationId().isEmpty() ? op.operationId() : r.type().getSimpleName() + "." + m.getName();
        String unique = id;
        for (int i = 2; !operationIds.add(unique); i++) unique = id + i;
        node.put("operationId", unique);
        String summary = op != null && !op.summary().isEmpty() ? op.summary()
                : humanize(r.type().getSimpleName().replaceFirst("Resource$", "")) + ": " + humanize(m.getName()).toLowerCase(Locale.ROOT);
        node.put("summary", summary);
        if (op != null && !op.description().isEmpty()) node.put("description", op.description());
        if ((op != null && op.deprecated()) || m.isAnnotationPresent(Deprecated.class)) node.put("deprecated", true);

        java.lang.reflect.Parameter body = parameters(node, r, m, path, op);
        if (body != null) requestBody(node, r, m, body, op);
        responses(node, r, m, op);

        if (m.isAnnotationPresent(Management.class) || r.type().isAnnotationPresent(Management.class)) {
            node.putArray("security").addObject().putArray("bearerAuth");
            ObjectNode responses = (ObjectNode) node.get("responses");
            if (!responses.has("401")) {
                ObjectNode unauthorized = F.objectNode().put("description", "Missing or wrong management token");
                unauthorized.putObject("headers").putObject("WWW-Authenticate").put("description", "Bearer realm=\"gateway\"")
                        .putObject("schema").put("type", "string");
                unauthorized.set("content", ContentNodes.problem());
                responses.setAll(sorted(responses, "401", unauthorized));
            }
        }
        return node;
    }

    /** Adds the {@code parameters}; returns the Java parameter that is the request body, if any. */
    private java.lang.reflect.Parameter parameters(ObjectNode node, OpenApiDocument.Resource r, Method m, String path, Operation op) {
        ArrayNode params = F.arrayNode();
        java.lang.reflect.Parameter body = null;
        for (java.lang.reflect.Parameter p : m.getParameters()) {
            Parameter doc = p.getAnnotation(Parameter.class);
            if (doc != null && doc.hidden()) continue;
            String name;
            String in;
            if (p.isAnnotationPresent(PathParam.class)) { name = p.getAnnotation(PathParam.class).value(); in = "path"; }
            else if (p.isAnnotationPresent(QueryParam.class)) { name = p.getAnnotation(QueryParam.class).value(); in = "query"; }
            else if (p.isAnnotationPresent(HeaderParam.class)) { name = p.getAnnotation(HeaderParam.class).value(); in = "header"; }
            else if (p.isAnnotationPresent(CookieParam.class)) { name = p.getAnnotation(CookieParam.class).value(); in = "cookie"; }
            else {
                if (!p.isAnnotationPresent(Context.class) && !p.isAnnotationPresent(Suspended.class) && !hasJaxrsAnnotation(p)) body = p;
                continue;
            }
            // A header the endpoint reads itself (Content-Type, Accept) is described by the media types.
            if (in.equals("header") && (name.equalsIgnoreCase("Content-Type") || name.equalsIgnoreCase("Accept")) && doc == null) continue;
            ObjectNode param = F.objectNode().put("name", name).put("in", in).put("required", in.equals("path"));
            param.set("schema", schemas.schema(p.getParameterizedType()));
            if (doc != null) describe(param, doc);
            DefaultValue dv = p.getAnnotation(DefaultValue.class);
            if (dv != null) {
                ObjectNode schema = (ObjectNode) param.get("schema");
                schema.set("default", SchemaAnnotations.typed(dv.value(), schema, schemas));
            }
            params.add(param);
        }
        if (op != null) {
            for (Parameter doc : op.parameters()) {
                if (doc.name().isEmpty()) continue;
                ObjectNode existing = null;
                for (JsonNode p : params) {
                    if (p.path("name").asText().equals(doc.name()) && (doc.in() == ParameterIn.DEFAULT
                            || p.path("in").asText().equals(doc.in().toString()))) existing = (ObjectNode) p;
                }
                if (doc.hidden()) {
                    if (existing != null) params.remove(indexOf(params, existing));
                    continue;
                }
                if (existing == null) {
                    if (doc.in() == ParameterIn.DEFAULT) continue; // nothing says where it goes
                    existing = params.addObject().put("name", doc.name()).put("in", doc.in().toString()).put("required", doc.in() == ParameterIn.PATH);
                    existing.set("schema", F.objectNode().put("type", "string"));
                }
                describe(existing, doc);
            }
        }
        // Path templates the method does not bind still need declaring.
        Matcher t = OpenApiDocument.TEMPLATE.matcher(path);
        while (t.find()) {
            String name = t.group(1);
            boolean declared = false;
            for (JsonNode n : params) declared |= name.equals(n.path("name").asText()) && "path".equals(n.path("in").asText());
            if (!declared) params.addObject().put("name", name).put("in", "path").put("required", true).set("schema", F.objectNode().put("type", "string"));
        }
        if (!params.isEmpty()) node.set("parameters", params);
        return body;
    }

    private void describe(ObjectNode param, Parameter doc) {
        if (!doc.description().isEmpty()) param.put("description", doc.description());
        if (doc.required()) param.put("required", true);
        if (doc.deprecated()) param.put("deprecated", true);
        ObjectNode schema = (ObjectNode) param.get("schema");
        if (SchemaAnnotations.isSet(doc.schema())) {
            schema = SchemaAnnotations.apply(schema, doc.schema(), schemas);
            param.set("schema", schema);
        }
        if (!doc.example().isEmpty()) param.set("example", SchemaAnnotations.typed(doc.example(), schema, schemas));
        ContentNodes.examples(param, doc.examples(), "text/plain");
    }

    private void requestBody(ObjectNode node, OpenApiDocument.Resource r, Method m, java.lang.reflect.Parameter body, Operation op) {
        io.swagger.v3.oas.annotations.parameters.RequestBody doc = body.getAnnotation(io.swagger.v3.oas.annotations.parameters.RequestBody.class);
        if (doc == null) doc = m.getAnnotation(io.swagger.v3.oas.annotations.parameters.RequestBody.class);
        if (doc == null && op != null && isSet(op.requestBody())) doc = op.requestBody();
        ObjectNode rb = node.putObject("requestBody");
        ObjectNode inferred = schemas.schema(body.getParameterizedType());
        List<String> types = OpenApiDocument.mediaTypes(m, r.type(), Consumes.class);
        if (doc == null) {
            rb.put("required", true);
            rb.set("content", ContentNodes.content(new io.swagger.v3.oas.annotations.media.Content[0], types, inferred, schemas));
            return;
        }
        if (!doc.description().isEmpty()) rb.put("description", doc.description());
        rb.put("required", doc.required());
        rb.set("content", ContentNodes.content(doc.content(), types, inferred, schemas));
    }

    private static boolean isSet(io.swagger.v3.oas.annotations.parameters.RequestBody rb) {
        return !rb.description().isEmpty() || rb.content().length > 0 || rb.required();
    }

    private void responses(ObjectNode node, OpenApiDocument.Resource r, Method m, Operation op) {
        List<ApiResponse> documented = new ArrayList<>();
        if (op != null) documented.addAll(List.of(op.responses()));
        ApiResponses container = m.getAnnotation(ApiResponses.class);
        if (container != null) documented.addAll(List.of(container.value()));
        ApiResponse single = m.getAnnotation(ApiResponse.class);
        if (single != null) documented.add(single);

        TreeMap<String, ObjectNode> out = new TreeMap<>();
        boolean sse = OpenApiDocument.isSse(m, r.type());
        boolean head = "head".equals(OpenApiDocument.httpMethod(m)); // a HEAD answer has no body
        List<String> produces = OpenApiDocument.mediaTypes(m, r.type(), Produces.class);
        ObjectNode returned = hasBody(m) ? schemas.schema(m.getGenericReturnType()) : null;
        if (documented.isEmpty()) {
            if (sse) {
                out.put("200", sseResponse());
            } else if (m.getReturnType() == void.class && !OpenApiDocument.isAsync(m)) {
                out.put("204", F.objectNode().put("description", "No Content"));
            } else {
                ObjectNode ok = F.objectNode().put("description", "OK");
                if (returned != null && !head) ok.set("content", ContentNodes.content(new io.swagger.v3.oas.annotations.media.Content[0], produces, returned, schemas));
                out.put("200", ok);
            }
        }
        for (ApiResponse a : documented) {
            String code = a.responseCode().isEmpty() ? "default" : a.responseCode();
            ObjectNode resp = F.objectNode();
            resp.put("description", a.description().isEmpty() ? reason(code) : a.description());
            ObjectNode headers = ContentNodes.headers(a.headers(), schemas);
            if (!headers.isEmpty()) resp.set("headers", headers);
            boolean error = code.startsWith("4") || code.startsWith("5");
            ObjectNode content;
            if (error && a.content().length == 0) {
                content = ContentNodes.problem();
            } else if (sse && code.startsWith("2") && a.content().length == 0) {
                content = (ObjectNode) sseResponse().get("content");
            } else {
                boolean useReturn = a.useReturnTypeSchema() || (code.startsWith("2") && a.content().length == 0);
                List<String> types = error ? List.of(ContentNodes.PROBLEM_JSON) : produces;
                content = ContentNodes.content(a.content(), types, !error && (useReturn || a.content().length > 0) ? returned : null, schemas);
            }
            if (!content.isEmpty() && !head) resp.set("content", content);
            out.put(code, resp);
        }
        if (!out.containsKey("default")) {
            out.put("default", F.objectNode().put("description", "Any other error, as an RFC 9457 problem document")
                    .set("content", ContentNodes.problem()));
        }
        ObjectNode responses = node.putObject("responses");
        out.forEach((code, resp) -> { if (!code.equals("default")) responses.set(code, resp); });
        responses.set("default", out.get("default"));
    }

    private static ObjectNode sseResponse() {
        ObjectNode ok = F.objectNode().put("description", "Server-Sent Events stream");
        ok.putObject("content").putObject(OpenApiDocument.SSE).putObject("schema").put("type", "string");
        return ok;
    }

    /** Whether the method's return type is what it answers with (not a {@code Response} built by hand). */
    private static boolean hasBody(Method m) {
        Class<?> t = m.getReturnType();
        return t != Response.class && t != Object.class && t != void.class;
    }

    /** The responses in order of their codes, {@code default} last, with {@code code} added. */
    private static ObjectNode sorted(ObjectNode responses, String code, ObjectNode added) {
        TreeMap<String, JsonNode> all = new TreeMap<>();
        responses.fields().forEachRemaining(e -> all.put(e.getKey(), e.getValue()));
        all.put(code, added);
        JsonNode def = all.remove("default");
        responses.removeAll();
        ObjectNode out = F.objectNode();
        all.forEach(out::set);
        if (def != null) out.set("default", def);
        return out;
    }

    private static int indexOf(ArrayNode array, JsonNode element) {
        for (int i = 0; i < array.size(); i++) if (array.get(i) == element) return i;
        return -1;
    }

    private static String reason(String code) {
        try {
            Response.Status s = Response.Status.fromStatusCode(Integer.parseInt(code));
            return s == null ? "HTTP " + code : s.getReasonPhrase();
        } catch (NumberFormatException e) {
            return "Any other answer";
        }
    }

    private static boolean hasJaxrsAnnotation(java.lang.reflect.Parameter p) {
        for (Annotation a : p.getAnnotations()) {
            if (a.annotationType().getName().startsWith("javax.ws.rs.")) return true;
        }
        return false;
    }

    private static String humanize(String methodName) {
        StringBuilder sb = new StringBuilder();
        for (char c : methodName.toCharArray()) {
            if (Character.isUpperCase(c) && !sb.isEmpty()) sb.append(' ');
            sb.append(sb.isEmpty() ? Character.toUpperCase(c) : Character.toLowerCase(c));
        }
        return sb.toString();
    }
}

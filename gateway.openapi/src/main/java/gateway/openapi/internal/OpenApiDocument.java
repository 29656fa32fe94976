package gateway.openapi.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import javax.ws.rs.Consumes;
import javax.ws.rs.HttpMethod;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.container.Suspended;
import javax.ws.rs.sse.SseEventSink;

/**
 * Builds an OpenAPI 3.0.3 document from JAX-RS resource classes by reading their annotations: paths,
 * methods, path/query/header parameters, request bodies and response schemas. Plain Java: it knows
 * nothing of OSGi, so it is tested on its own.
 */
final class OpenApiDocument {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    static final Pattern TEMPLATE = Pattern.compile("\\{\\s*(\\w[\\w.-]*)\\s*(:[^}]*)?}");
    static final String SSE = "text/event-stream";

    /**
     * One resource to describe.
     *
     * @param type     the resource class
     * @param basePath the JAX-RS application's base path ("" or "/" for the default application)
     * @param tag      the group it is listed under (the providing bundle)
     */
    record Resource(Class<?> type, String basePath, String tag) {
    }

    private OpenApiDocument() {
    }

    static ObjectNode build(String version, List<Resource> resources) {
        ObjectNode doc = F.objectNode();
        doc.put("openapi", "3.0.3");
        ObjectNode info = doc.putObject("info");
        info.put("title", "gateway");
        info.put("version", version);
        info.put("description", "Live-audio media gateway. This document lists the endpoints of the plugins active right now.");
        doc.putArray("servers").addObject().put("url", "/");
        ObjectNode paths = doc.putObject("paths");
        ObjectNode components = doc.putObject("components");
        ObjectNode schemas = components.putObject("schemas");
        schemas.set("Problem", problemSchema());
        components.putObject("securitySchemes").putObject("bearerAuth")
                .put("type", "http").put("scheme", "bearer")
                .put("description", "Management token: etc/gateway.http.cfg managementToken, or data/management.token");
        OperationReader operations = new OperationReader(new SchemaBuilder(schemas));
        Set<String> tags = new TreeSet<>();

        List<Resource> sorted = new ArrayList<>(resources);
        sorted.sort(Comparator.comparing((Resource r) -> r.type().getName()));
        for (Resource r : sorted) {
            Path classPath = classPath(r.type());
            if (classPath == null) continue;
            for (Method concrete : sortedMethods(r.type())) {
                Method m = annotatedMethod(concrete);
                if (m == null) continue;
                String verb = httpMethod(m);
                if (verb == null || OperationReader.hidden(r.type(), m)) continue;
                Path methodPath = m.getAnnotation(Path.class);
                String path = join(r.basePath(), classPath.value(), methodPath == null ? "" : methodPath.value());
                ObjectNode item = paths.has(path) ? (ObjectNode) paths.get(path) : paths.putObject(path);
                if (item.has(verb)) continue;
                ObjectNode operation = operations.read(r, m, path);
                item.set(verb, operation);
                operation.path("tags").forEach(t -> tags.add(t.asText()));
            }
        }
        ArrayNode tagList = doc.putArray("tags");
        for (String t : tags) tagList.addObject().put("name", t);
        // paths in a stable order
        ObjectNode ordered = F.objectNode();
        List<String> names = new ArrayList<>();
        paths.fieldNames().forEachRemaining(names::add);
        names.sort(null);
        for (String n : names) ordered.set(n, paths.get(n));
        doc.set("paths", ordered);
        doc.set("components", components);
        return doc;
    }

    /** A method answering through {@code @Suspended AsyncResponse}: returns void, yet responds with a body. */
    static boolean isAsync(Method m) {
        for (Parameter p : m.getParameters()) if (p.isAnnotationPresent(Suspended.class)) return true;
        return false;
    }

    /** The class's {@code @Path}, or the first one found on a superclass or interface. */
    private static Path classPath(Class<?> type) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            if (c.isAnnotationPresent(Path.class)) return c.getAnnotation(Path.class);
            for (Class<?> i : c.getInterfaces()) if (i.isAnnotationPresent(Path.class)) return i.getAnnotation(Path.class);
        }
        return null;
    }

    /**
     * The method carrying the JAX-RS annotations of {@code m}: {@code m} itself if it has any, else
     * (JAX-RS annotation inheritance) the overridden method of a superclass or interface that has.
     */
    static Method annotatedMethod(Method m) {
        if (httpMethod(m) != null || m.isAnnotationPresent(Path.class)) return m;
        for (Class<?> c = m.getDeclaringClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            Method found = inherited(c, m);
            if (found != null) return found;
        }
        return null;
    }

    private static Method inherited(Class<?> c, Method m) {
        if (c != m.getDeclaringClass()) {
            try {
                Method o = c.getDeclaredMethod(m.getName(), m.getParameterTypes());
                if (httpMethod(o) != null) return o;
            } catch (NoSuchMethodException ignored) {
                // not declared here
            }
        }
        for (Class<?> i : c.getInterfaces()) {
            try {
                Method o = i.getMethod(m.getName(), m.getParameterTypes());
                if (httpMethod(o) != null) return o;
            } catch (NoSuchMethodException ignored) {
                // not declared by this interface
            }
        }
        return null;
    }

    static boolean isSse(Method m, Class<?> type) {
        for (Class<?> pt : m.getParameterTypes()) if (pt == SseEventSink.class) return true;
        return mediaTypes(m, type, Produces.class).contains(SSE);
    }

    static List<String> mediaTypes(Method m, Class<?> type, Class<? extends Annotation> which) {
        String[] values = values(m.getAnnotation(which));
        if (values == null) values = values(type.getAnnotation(which));
        if (values == null) return List.of("application/json");
        List<String> out = new ArrayList<>();
        for (String v : values) for (String part : v.split(",")) if (!part.isBlank()) out.add(part.trim());
        return out.isEmpty() ? List.of("application/json") : out;
    }

    private static String[] values(Annotation a) {
        if (a instanceof Produces p) return p.value();
        if (a instanceof Consumes c) return c.value();
        return null;
    }

    static String httpMethod(Method m) {
        for (Annotation a : m.getAnnotations()) {
            HttpMethod hm = a.annotationType().getAnnotation(HttpMethod.class);
            if (hm != null) return hm.value().toLowerCase(Locale.ROOT);
        }
        return null;
    }

    private static List<Method> sortedMethods(Class<?> type) {
        List<Method> methods = new ArrayList<>();
        for (Method m : type.getMethods()) if (!Modifier.isStatic(m.getModifiers()) && !m.isBridge() && !m.isSynthetic()) methods.add(m);
        methods.sort(Comparator.comparing(Method::getName).thenComparing(Method::getParameterCount));
        return methods;
    }

    /** Joins path segments; keeps templates but drops their regular expressions: {@code {id: .+}} → {@code {id}}. */
    static String join(String... parts) {
        StringBuilder sb = new StringBuilder();
        for (String part : parts) {
            if (part == null) continue;
            for (String seg : part.split("/")) {
                if (!seg.isBlank()) sb.append('/').append(seg.trim());
            }
        }
        String path = sb.isEmpty() ? "/" : sb.toString();
        return TEMPLATE.matcher(path).replaceAll("{$1}");
    }

    private static ObjectNode problemSchema() {
        ObjectNode s = F.objectNode().put("type", "object");
        s.put("description", "An error, as an RFC 9457 problem document (application/problem+json)");
        ObjectNode p = s.putObject("properties");
        p.putObject("type").put("type", "string").put("description", "A URI that names the kind of problem; about:blank when the status says it all")
                .put("example", "about:blank");
        p.putObject("title").put("type", "string").put("description", "Short summary of the kind of problem").put("example", "Bad Request");
        p.putObject("status").put("type", "integer").put("description", "The HTTP status code").put("example", 400);
        p.putObject("detail").put("type", "string").put("description", "What went wrong with this request, naming the field or value at fault")
                .put("example", "'event' must be a UUID, got 'tomorrow'");
        s.putArray("required").add("type").add("title").add("status");
        return s;
    }
}

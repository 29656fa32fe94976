package gateway.core.internal.rest;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.osgi.service.jaxrs.runtime.dto.ApplicationDTO;
import org.osgi.service.jaxrs.runtime.dto.ResourceDTO;
import org.osgi.service.jaxrs.runtime.dto.ResourceMethodInfoDTO;
import org.osgi.service.jaxrs.runtime.dto.RuntimeDTO;

/**
 * What the JAX-RS resources registered now declare for a request path: their methods and the content types they
 * consume, read from the whiteboard's runtime DTOs. Error answers use it to say what would have worked
 * ({@code Allow} on 405, the expected content type on 415).
 */
final class ResourceMethods {
    private static final Pattern TEMPLATE = Pattern.compile("\\{\\s*\\w[\\w.-]*\\s*(?::\\s*((?:[^{}]|\\{[^{}]*\\})+))?\\}");

    private final List<ResourceMethodInfoDTO> matching;

    private ResourceMethods(List<ResourceMethodInfoDTO> matching) {
        this.matching = matching;
    }

    /**
     * @param runtime the whiteboard's runtime DTO
     * @param path    the request path (from the server's root)
     * @return the resource methods whose path template matches it
     */
    static ResourceMethods at(RuntimeDTO runtime, String path) {
        List<ResourceMethodInfoDTO> found = new ArrayList<>();
        if (runtime.defaultApplication != null) collect(runtime.defaultApplication, path, found);
        if (runtime.applicationDTOs != null) for (ApplicationDTO a : runtime.applicationDTOs) collect(a, path, found);
        return new ResourceMethods(found);
    }

    private static void collect(ApplicationDTO app, String path, List<ResourceMethodInfoDTO> found) {
        String base = app.base == null ? "" : app.base.replaceAll("/+$", "");
        if (app.resourceDTOs == null) return;
        for (ResourceDTO r : app.resourceDTOs) {
            if (r.resourceMethods == null) continue;
            for (ResourceMethodInfoDTO m : r.resourceMethods) {
                if (m.method != null && m.path != null && matches(base + "/" + m.path.replaceFirst("^/+", ""), path)) found.add(m);
            }
        }
    }

    static boolean matches(String template, String path) {
        StringBuilder regex = new StringBuilder();
        Matcher m = TEMPLATE.matcher(template);
        int last = 0;
        while (m.find()) {
            regex.append(Pattern.quote(template.substring(last, m.start())));
            regex.append(m.group(1) == null ? "[^/]+" : "(?:" + m.group(1).trim() + ")");
            last = m.end();
        }
        regex.append(Pattern.quote(template.substring(last)));
        String normalised = path.length() > 1 ? path.replaceAll("/+$", "") : path;
        String t = regex.toString();
        return normalised.matches(t) || normalised.matches(t + "/?");
    }

    /** @return the methods allowed on the path, {@code HEAD} with {@code GET}, and {@code OPTIONS}; sorted */
    Set<String> allowed() {
        Set<String> methods = new TreeSet<>();
        for (ResourceMethodInfoDTO m : matching) methods.add(m.method);
        if (methods.isEmpty()) return methods;
        if (methods.contains("GET")) methods.add("HEAD");
        methods.add("OPTIONS");
        return methods;
    }

    /**
     * @param method the request method
     * @return the content types the path's methods of that name consume (empty when they declare none)
     */
    Set<String> consumed(String method) {
        Set<String> types = new TreeSet<>();
        for (ResourceMethodInfoDTO m : matching) {
            if (m.method.equalsIgnoreCase(method) && m.consumingMimeType != null) types.addAll(List.of(m.consumingMimeType));
        }
        return types;
    }

    /**
     * @param method the request method
     * @return the content types the path's methods of that name produce
     */
    Set<String> produced(String method) {
        Set<String> types = new TreeSet<>();
        for (ResourceMethodInfoDTO m : matching) {
            if (m.method.equalsIgnoreCase(method) && m.producingMimeType != null) types.addAll(List.of(m.producingMimeType));
        }
        return types;
    }

    static String list(Collection<String> items) {
        return String.join(", ", items);
    }
}

package gateway.rooms.rest.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Function;
import javax.ws.rs.WebApplicationException;

/** Reads a JSON object request body; what is not one becomes the caller's error. */
final class JsonBody {
    private JsonBody() {
    }

    /**
     * @param in      the body, possibly empty
     * @param refused makes the error for a body that is not a JSON object
     * @return the object; an empty body is an empty object
     */
    static JsonNode read(InputStream in, Function<String, ? extends WebApplicationException> refused) {
        try {
            byte[] bytes = in == null ? new byte[0] : in.readAllBytes();
            if (bytes.length == 0) return LiveKitJson.JSON.createObjectNode();
            JsonNode n = LiveKitJson.JSON.readTree(bytes);
            if (n == null || !n.isObject()) throw refused.apply("the request body is not a JSON object");
            return n;
        } catch (IOException e) {
            throw refused.apply("the request body is not valid JSON");
        }
    }

    /** @return the text of the first of the names present (proto3 JSON takes lowerCamelCase and the proto name), or null */
    static String text(JsonNode n, String... names) {
        for (String name : names) {
            JsonNode f = n.get(name);
            if (f != null && !f.isNull()) return f.isValueNode() ? f.asText() : f.toString();
        }
        return null;
    }

    /** @return the first of the names present, or null */
    static JsonNode field(JsonNode n, String... names) {
        for (String name : names) {
            JsonNode f = n.get(name);
            if (f != null && !f.isNull()) return f;
        }
        return null;
    }
}

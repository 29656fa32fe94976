package gateway.api.http;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The gateway's decision whether a request may use management endpoints, as a service, for a plugin that answers
 * some requests on the HTTP server's servlet layer rather than through a JAX-RS resource marked {@link Management}
 * (where the gateway checks the token itself). It says the same as the check of {@link Management} resources: always
 * yes while management is open (loopback, no token configured), else only for {@code Authorization: Bearer <token>}
 * with the management token.
 *
 * <p>A plugin that gets "no" should hand the request on to its {@link Management} resource rather than refuse it
 * itself: the gateway then answers 401 in its documented shape and counts and logs the refusal. The service never
 * logs or returns the token. Thread-safe; the answer follows the HTTP configuration in effect.
 */
@ProviderType
public interface ManagementAuthorization {

    /**
     * @param authorization the request's {@code Authorization} header, or {@code null} when it has none
     * @return whether the request may use management endpoints
     */
    boolean permits(String authorization);
}

/**
 * HTTP conventions shared by every plugin's JAX-RS resources: the error type the gateway maps to
 * RFC 9457 problem details, the marker for management endpoints, and the
 * {@link gateway.api.http.HttpEndpoint} service that says where the HTTP API listens, and the
 * {@link gateway.api.http.ManagementAuthorization} service for requests answered below the REST layer.
 *
 * <p>Resources are plain JAX-RS whiteboard services (OSGi JAX-RS Whiteboard, {@code osgi.jaxrs.resource=true}).
 * Add {@code @JSONRequired} to get the gateway's JSON provider.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package gateway.api.http;

package gateway.api.http;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a JAX-RS resource class or method as a management endpoint. The gateway requires the
 * management bearer token for it whenever one is configured, and always when the HTTP server listens
 * on a non-loopback address. Public endpoints ({@code /ping}, ingest APIs that mirror a reference
 * service) are left unmarked.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface Management {
}

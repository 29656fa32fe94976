/**
 * Gateway events: what plugins announce (a reservation made, a stream connected, a recording failed)
 * and what the core runtime streams to clients on {@code GET /sse}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package gateway.api.event;

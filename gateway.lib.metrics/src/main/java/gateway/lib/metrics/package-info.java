/**
 * What the gateway adds to the Prometheus client it carries: {@link gateway.lib.metrics.FixedBucketHistogram}, a
 * histogram of durations counted without allocation, for the per-packet paths of plugins.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package gateway.lib.metrics;

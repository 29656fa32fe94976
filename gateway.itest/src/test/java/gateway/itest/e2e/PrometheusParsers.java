package gateway.itest.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Reads a {@code GET /metrics} answer with Prometheus-format parsers nobody here wrote: the official Python client's
 * ({@code prometheus_client}, Debian's {@code python3-prometheus-client}) and {@code promtool check metrics}
 * (Debian's {@code prometheus}).
 */
final class PrometheusParsers {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path PYTHON = Path.of("/usr/bin/python3");

    /** Prints every sample as JSON; argv[1] picks the Prometheus text or the OpenMetrics parser. */
    private static final String PARSE = """
            import json, math, sys
            if sys.argv[1] == 'openmetrics':
                from prometheus_client.openmetrics.parser import text_string_to_metric_families
            else:
                from prometheus_client.parser import text_string_to_metric_families
            out = []
            for f in text_string_to_metric_families(sys.stdin.read()):
                for s in f.samples:
                    v = s.value if math.isfinite(s.value) else None
                    out.append({'family': f.name, 'type': f.type, 'name': s.name, 'labels': s.labels, 'value': v})
            print(json.dumps(out))
            """;

    /** One sample as the parser read it. */
    record Sample(String family, String type, String name, Map<String, String> labels, Double value) {
    }

    /** The samples of one exposition. */
    record Samples(List<Sample> all) {
        /**
         * @param name   the sample's name, e.g. {@code gateway_stream_packets_total}
         * @param labels label names and values that must match (others may be present)
         * @return the value of the one sample that matches
         */
        Optional<Double> value(String name, String... labels) {
            List<Sample> found = all.stream().filter(s -> s.name().equals(name) && matches(s, labels)).toList();
            if (found.size() > 1) throw new AssertionError("more than one sample " + name + " " + List.of(labels) + ": " + found);
            return found.stream().findFirst().map(Sample::value);
        }

        double require(String name, String... labels) {
            return value(name, labels).orElseThrow(() -> new AssertionError("no sample " + name + " " + List.of(labels)));
        }

        /** @return the type the parser gave the family, e.g. {@code counter} */
        Optional<String> type(String family) {
            return all.stream().filter(s -> s.family().equals(family)).map(Sample::type).findFirst();
        }

        private static boolean matches(Sample s, String[] labels) {
            for (int i = 0; i + 1 < labels.length; i += 2) {
                if (!labels[i + 1].equals(s.labels().get(labels[i]))) return false;
            }
            return true;
        }
    }

    private PrometheusParsers() {
    }

    static void require() {
        boolean python = Files.isExecutable(PYTHON) && run(List.of(PYTHON.toString(), "-c", "import prometheus_client.parser"), "").exit == 0;
        boolean promtool = Files.isExecutable(Path.of("/usr/bin/promtool"));
        if (System.getenv("CI") != null && !(python && promtool)) {
            throw new AssertionError("python3-prometheus-client and promtool (prometheus) are required in CI");
        }
        assumeTrue(python && promtool, "python3-prometheus-client or promtool not installed");
    }

    /** Parses Prometheus text format 0.0.4 with {@code prometheus_client.parser}. */
    static Samples prometheus(String exposition) {
        return parse("prometheus", exposition);
    }

    /** Parses OpenMetrics 1.0 text with {@code prometheus_client.openmetrics.parser} (which also requires the {@code # EOF}). */
    static Samples openMetrics(String exposition) {
        return parse("openmetrics", exposition);
    }

    /**
     * Runs {@code promtool check metrics}, which parses the exposition and lints it (names, units, help).
     *
     * @return what promtool printed; the assertion fails on a non-zero exit
     */
    static String promtoolCheck(String exposition) {
        Result r = run(List.of("promtool", "check", "metrics"), exposition);
        assertEquals(0, r.exit, "promtool check metrics: " + r.output);
        return r.output;
    }

    private static Samples parse(String format, String exposition) {
        Result r = run(List.of(PYTHON.toString(), "-c", PARSE, format), exposition);
        if (r.exit != 0) throw new AssertionError("prometheus_client could not parse the exposition: " + r.output);
        try {
            List<Sample> samples = new ArrayList<>();
            for (JsonNode n : JSON.readTree(r.output)) {
                Map<String, String> labels = new LinkedHashMap<>();
                n.path("labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
                samples.add(new Sample(n.path("family").asText(), n.path("type").asText(), n.path("name").asText(), labels,
                        n.path("value").isNull() ? null : n.path("value").asDouble()));
            }
            return new Samples(samples);
        } catch (IOException e) {
            throw new AssertionError("unexpected parser output: " + r.output, e);
        }
    }

    private record Result(int exit, String output) {
    }

    private static Result run(List<String> command, String stdin) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            Thread writer = Thread.ofVirtual().start(() -> {
                try (OutputStream in = p.getOutputStream()) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                } catch (IOException ignored) {
                    // the process ended early; its output says why
                }
            });
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(command.get(0) + " did not finish");
            }
            writer.join();
            return new Result(p.exitValue(), out);
        } catch (IOException e) {
            return new Result(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}

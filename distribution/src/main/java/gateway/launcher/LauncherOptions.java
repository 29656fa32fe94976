package gateway.launcher;

import java.nio.file.Path;
import java.util.Map;

/**
 * What the command line and environment ask of the launcher.
 *
 * @param home where etc/, deploy/, data/ and logs/ live
 * @param port HTTP port override, or null
 * @param host HTTP bind address override, or null
 */
record LauncherOptions(Path home, Integer port, String host) {

    static final String USAGE = """
            Usage: gateway [--home DIR] [--port N] [--host ADDRESS]
              --home DIR      gateway home with etc/, deploy/, data/, logs/ (default: $GATEWAY_HOME, else the current directory)
              --port N        HTTP port (default: $GATEWAY_HTTP_PORT, else etc/gateway.http.cfg, else 10300)
              --host ADDRESS  HTTP bind address (default: $GATEWAY_HTTP_HOST, else etc/gateway.http.cfg, else 0.0.0.0)
            """;

    static LauncherOptions parse(String[] args, Map<String, String> env) {
        String home = env.get("GATEWAY_HOME");
        String port = env.get("GATEWAY_HTTP_PORT");
        String host = env.get("GATEWAY_HTTP_HOST");
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (a) {
                case "--home" -> { home = require(a, value); i++; }
                case "--port" -> { port = require(a, value); i++; }
                case "--host" -> { host = require(a, value); i++; }
                case "-h", "--help" -> throw new UsageException(null);
                default -> {
                    if (a.startsWith("--home=")) home = a.substring(7);
                    else if (a.startsWith("--port=")) port = a.substring(7);
                    else if (a.startsWith("--host=")) host = a.substring(7);
                    else throw new UsageException("unknown option " + a);
                }
            }
        }
        Integer p = null;
        if (port != null && !port.isBlank()) {
            try {
                p = Integer.parseInt(port.trim());
            } catch (NumberFormatException e) {
                throw new UsageException("port is not a number: " + port);
            }
            if (p < 0 || p > 65535) throw new UsageException("port out of range: " + p);
        }
        Path h = home == null || home.isBlank() ? Path.of("") : Path.of(home);
        return new LauncherOptions(h.toAbsolutePath().normalize(), p, host == null || host.isBlank() ? null : host.trim());
    }

    private static String require(String option, String value) {
        if (value == null) throw new UsageException(option + " needs a value");
        return value;
    }

    /** A command line the launcher cannot use. */
    static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }
}

package gateway.launcher;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.logging.ConsoleHandler;
import java.util.logging.FileHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Logging for the whole gateway: bundles log through SLF4J, which the launcher binds to
 * java.util.logging, written here to the console and to a rotating {@code logs/gateway.log}.
 * {@code etc/logging.properties}, when present, sets levels ({@code .level}, {@code <logger>.level}).
 */
final class ConsoleAndFileLogging {

    private ConsoleAndFileLogging() {
    }

    static void install(Path logs, Path etc) throws IOException {
        Files.createDirectories(logs);
        LogManager manager = LogManager.getLogManager();
        Path config = etc.resolve("logging.properties");
        if (Files.isRegularFile(config)) {
            try (var in = Files.newInputStream(config)) {
                manager.readConfiguration(in);
            }
        } else {
            manager.reset();
        }
        Logger root = Logger.getLogger("");
        for (Handler h : root.getHandlers()) root.removeHandler(h);
        if (!Files.isRegularFile(config)) {
            root.setLevel(Level.INFO);
            // Third-party chatter at start-up is not useful to operators.
            Logger.getLogger("org.apache.cxf").setLevel(Level.WARNING);
            Logger.getLogger("org.eclipse.jetty").setLevel(Level.WARNING);
            Logger.getLogger("org.apache.aries.spifly").setLevel(Level.WARNING);
            Logger.getLogger("org.apache.cxf.transport.servlet.ServletController").setLevel(Level.SEVERE);
        }
        OneLineFormatter format = new OneLineFormatter();
        ConsoleHandler console = new ConsoleHandler();
        console.setLevel(Level.ALL);
        console.setFormatter(format);
        root.addHandler(console);
        FileHandler file = new FileHandler(logs.resolve("gateway.log").toString(), 0, 1, true);
        file.setLevel(Level.ALL);
        file.setFormatter(format);
        root.addHandler(file);
    }

    /** {@code 2026-01-01T10:00:00.123Z INFO  logger.name - message}. */
    static final class OneLineFormatter extends Formatter {
        @Override
        public String format(LogRecord r) {
            StringBuilder sb = new StringBuilder(160);
            sb.append(Instant.ofEpochMilli(r.getMillis())).append(' ');
            String level = switch (r.getLevel().intValue()) {
                case 1000 -> "ERROR";
                case 900 -> "WARN ";
                case 800 -> "INFO ";
                default -> "DEBUG";
            };
            sb.append(level).append(' ').append(shortName(r.getLoggerName())).append(" - ").append(formatMessage(r)).append('\n');
            if (r.getThrown() != null) {
                StringWriter sw = new StringWriter();
                r.getThrown().printStackTrace(new PrintWriter(sw));
                sb.append(sw);
            }
            return sb.toString();
        }

        private static String shortName(String name) {
            if (name == null) return "-";
            int dot = name.lastIndexOf('.');
            return dot < 0 ? name : name.substring(dot + 1);
        }
    }
}

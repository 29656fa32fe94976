package gateway.launcher;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Makes a thread that dies of an uncaught exception visible in the gateway's log (console and
 * {@code logs/gateway.log}), with its name and stack trace, instead of only on standard error, which nobody reads
 * when the gateway runs as a service. Threads with their own handler keep it.
 */
final class UncaughtExceptionLogging {
    private static final Logger LOG = Logger.getLogger("gateway.uncaught");

    private UncaughtExceptionLogging() {
    }

    static void install() {
        Thread.setDefaultUncaughtExceptionHandler((thread, error) -> {
            try {
                LOG.log(Level.SEVERE, "Thread '" + thread.getName() + "' died of an uncaught exception: " + error, error);
            } catch (Throwable loggingFailed) {
                // the log is gone (the JVM is exiting): standard error is all that is left
                System.err.println("Thread '" + thread.getName() + "' died of an uncaught exception:");
                error.printStackTrace();
            }
        });
    }
}

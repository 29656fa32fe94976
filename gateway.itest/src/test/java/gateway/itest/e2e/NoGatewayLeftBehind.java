package gateway.itest.e2e;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Ends, after each test class, every gateway process the class started and did not stop. A gateway left running
 * (a start whose wait failed before the test held on to the process) would load the machine for every later class;
 * each one found is named on standard error. Registered for every class through the service loader
 * ({@code junit.jupiter.extensions.autodetection.enabled}).
 */
public final class NoGatewayLeftBehind implements AfterAllCallback {
    @Override
    public void afterAll(ExtensionContext context) {
        List<Path> left = GatewayProcess.killAll();
        for (Path home : left) {
            System.err.println(context.getDisplayName() + " left a gateway running (home " + home + "); it was killed");
        }
    }
}

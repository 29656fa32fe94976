package gateway.itest.osgi;

import com.fasterxml.jackson.databind.ObjectMapper;
import gateway.api.stream.StreamRegistry;
import java.time.Duration;
import javax.inject.Inject;
import org.junit.Before;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.osgi.framework.BundleContext;

/**
 * What every Pax Exam test here shares: Felix with the distribution's bundle set, the injected bundle context
 * and stream registry, and an HTTP client bound to the gateway, used once /ping says the API has settled.
 */
public abstract class GatewayFrameworkTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    BundleContext context;

    @Inject
    StreamRegistry registry;

    Http http;

    @Configuration
    public Option[] config() {
        return new Option[] {GatewayOptions.gateway()};
    }

    @Before
    public void waitForHttp() throws Exception {
        http = new Http("http://127.0.0.1:" + context.getProperty("gateway.http.port"));
        if (http.await("/ping", r -> r.statusCode() == 204, Duration.ofSeconds(20)).statusCode() != 204) {
            throw new AssertionError("the gateway did not answer /ping within 20 s");
        }
    }
}

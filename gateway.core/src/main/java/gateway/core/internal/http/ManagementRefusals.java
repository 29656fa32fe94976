package gateway.core.internal.http;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Where a refused management request goes: the counter (for metrics) and the rate-limited log. */
@Component(service = ManagementRefusals.class)
public final class ManagementRefusals {
    private final ManagementRefusalCounter counter;
    private final RefusalLog log = new RefusalLog();

    @Activate
    public ManagementRefusals(@Reference ManagementRefusalCounter counter) {
        this.counter = counter;
    }

    /**
     * @param reason why the request was refused
     * @param method its method
     * @param path   its path, without the query string
     * @param remote the client's address
     */
    public void refused(ManagementRefusalCounter.Reason reason, String method, String path, String remote) {
        counter.count(reason);
        log.refused(reason, method, path, remote);
    }
}

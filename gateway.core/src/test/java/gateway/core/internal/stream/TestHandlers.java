package gateway.core.internal.stream;

import gateway.api.stream.MediaHandler;
import java.lang.reflect.Proxy;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.ComponentContext;

/** What the whiteboard and the bundle-scoped registry get from OSGi, for tests that build them directly. */
final class TestHandlers {
    private static final AtomicLong SERVICE_IDS = new AtomicLong();

    private TestHandlers() {
    }

    /** A service reference with these properties (plus a service id), from no bundle. */
    static ServiceReference<MediaHandler> reference(Map<String, Object> properties) {
        Hashtable<String, Object> props = new Hashtable<>(properties);
        props.put(Constants.SERVICE_ID, SERVICE_IDS.incrementAndGet());
        return new ServiceReference<>() {
            @Override public Object getProperty(String key) { return props.get(key); }
            @Override public String[] getPropertyKeys() { return props.keySet().toArray(String[]::new); }
            @Override public Bundle getBundle() { return null; }
            @Override public Bundle[] getUsingBundles() { return null; }
            @Override public boolean isAssignableTo(Bundle bundle, String className) { return true; }
            @Override public int compareTo(Object other) { return 0; }
            @Override public Dictionary<String, Object> getProperties() { return new Hashtable<>(props); }
            @Override public <A> A adapt(Class<A> type) { return null; }
        };
    }

    /** The registry as a bundle without a symbolic name would see it. */
    static StreamRegistryService registry(StreamTable table) {
        ComponentContext context = (ComponentContext) Proxy.newProxyInstance(TestHandlers.class.getClassLoader(),
                new Class<?>[] {ComponentContext.class}, (proxy, method, args) -> null);
        return new StreamRegistryService(table, context);
    }
}

package gateway.core.internal.plugins;

import gateway.core.internal.plugins.PluginView.ComponentView;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleListener;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkListener;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRequirement;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.resource.Namespace;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/**
 * Reads the state of every bundle and its components, and remembers the last start failure the
 * framework reported for each bundle, so {@code /plugins} can say why a plugin is not running.
 */
@Component(service = PluginInspector.class, immediate = true)
public final class PluginInspector implements FrameworkListener, BundleListener {

    private final BundleContext context;
    private final Map<Long, String> startFailures = new ConcurrentHashMap<>();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policyOption = ReferencePolicyOption.GREEDY)
    private volatile ServiceComponentRuntime scr;

    @Activate
    public PluginInspector(BundleContext context) {
        this.context = context;
        context.addFrameworkListener(this);
        context.addBundleListener(this);
    }

    @Deactivate
    void deactivate() {
        context.removeFrameworkListener(this);
        context.removeBundleListener(this);
    }

    @Override
    public void frameworkEvent(FrameworkEvent event) {
        if (event.getType() == FrameworkEvent.ERROR && event.getBundle() != null && event.getThrowable() != null) {
            startFailures.put(event.getBundle().getBundleId(), firstLine(event.getThrowable().getMessage()));
        }
    }

    @Override
    public void bundleChanged(BundleEvent event) {
        int t = event.getType();
        if (t == BundleEvent.STARTED || t == BundleEvent.UPDATED || t == BundleEvent.UNINSTALLED) {
            startFailures.remove(event.getBundle().getBundleId());
        }
    }

    /** @return every installed bundle, ordered by id */
    public List<PluginView> plugins() {
        List<PluginView> out = new ArrayList<>();
        for (Bundle b : context.getBundles()) out.add(view(b));
        return out;
    }

    private PluginView view(Bundle b) {
        List<ComponentView> components = components(b);
        String reason = startFailures.get(b.getBundleId());
        if (reason == null && b.getState() == Bundle.INSTALLED) reason = unresolvedReason(b);
        if (reason == null) {
            reason = components.stream().filter(c -> c.reason() != null)
                    .map(c -> "component " + c.name() + ": " + c.reason()).findFirst().orElse(null);
        }
        boolean fragment = (b.adapt(BundleRevision.class) != null)
                && (b.adapt(BundleRevision.class).getTypes() & BundleRevision.TYPE_FRAGMENT) != 0;
        boolean healthy = reason == null && (b.getState() == Bundle.ACTIVE || (fragment && b.getState() == Bundle.RESOLVED));
        String name = b.getHeaders("").get("Bundle-Name");
        return new PluginView(b.getBundleId(), String.valueOf(b.getSymbolicName()), name == null ? b.getSymbolicName() : name,
                b.getVersion().toString(), stateName(b.getState()), b.getLocation(), healthy, reason, components);
    }

    private List<ComponentView> components(Bundle b) {
        ServiceComponentRuntime runtime = scr;
        if (runtime == null) return List.of();
        List<ComponentView> out = new ArrayList<>();
        for (ComponentDescriptionDTO d : runtime.getComponentDescriptionDTOs(b)) {
            if (!runtime.isComponentEnabled(d)) {
                out.add(new ComponentView(d.name, "disabled", null));
                continue;
            }
            for (ComponentConfigurationDTO c : runtime.getComponentConfigurationDTOs(d)) {
                out.add(new ComponentView(d.name, componentState(c.state), componentReason(c)));
            }
        }
        return out;
    }

    private static String componentReason(ComponentConfigurationDTO c) {
        return switch (c.state) {
            case ComponentConfigurationDTO.FAILED_ACTIVATION -> "activation failed: " + rootCause(c.failure);
            case ComponentConfigurationDTO.UNSATISFIED_REFERENCE -> "waiting for services: " + String.join(", ",
                    java.util.Arrays.stream(c.unsatisfiedReferences).map(r -> r.name + " (" + r.target + ")").toList());
            case ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION -> "waiting for its configuration";
            default -> null;
        };
    }

    /** The package imports no resolved bundle offers, e.g. "missing package org.foo [1.0,2.0)". */
    private String unresolvedReason(Bundle b) {
        BundleRevision rev = b.adapt(BundleRevision.class);
        if (rev == null) return "not resolved";
        List<String> missing = new ArrayList<>();
        for (BundleRequirement req : rev.getDeclaredRequirements(BundleRevision.PACKAGE_NAMESPACE)) {
            if (Namespace.RESOLUTION_OPTIONAL.equals(req.getDirectives().get(Namespace.REQUIREMENT_RESOLUTION_DIRECTIVE))) continue;
            if (!offered(req)) missing.add(req.getDirectives().getOrDefault(Namespace.REQUIREMENT_FILTER_DIRECTIVE, req.toString()));
        }
        return missing.isEmpty() ? "not resolved" : "not resolved: missing " + String.join(", ", missing);
    }

    private boolean offered(BundleRequirement req) {
        for (Bundle other : context.getBundles()) {
            BundleWiring wiring = other.adapt(BundleWiring.class);
            if (wiring == null) continue;
            for (BundleCapability cap : wiring.getCapabilities(req.getNamespace())) {
                if (req.matches(cap)) return true;
            }
        }
        return false;
    }

    private static String componentState(int state) {
        return switch (state) {
            case ComponentConfigurationDTO.ACTIVE -> "active";
            case ComponentConfigurationDTO.SATISFIED -> "satisfied";
            case ComponentConfigurationDTO.UNSATISFIED_REFERENCE -> "unsatisfied-reference";
            case ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION -> "unsatisfied-configuration";
            case ComponentConfigurationDTO.FAILED_ACTIVATION -> "failed-activation";
            default -> "unknown";
        };
    }

    private static String stateName(int state) {
        return switch (state) {
            case Bundle.INSTALLED -> "installed";
            case Bundle.RESOLVED -> "resolved";
            case Bundle.STARTING -> "starting";
            case Bundle.STOPPING -> "stopping";
            case Bundle.ACTIVE -> "active";
            default -> "uninstalled";
        };
    }

    /**
     * The innermost cause of a failure's stack trace text, without its exception class when it has a
     * message: "segmentDuration: 'x' is not a duration" rather than "InvocationTargetException".
     */
    static String rootCause(String trace) {
        if (trace == null) return "failed";
        String line = firstLine(trace);
        for (String l : trace.split("\n")) {
            if (l.startsWith("Caused by: ")) line = l.substring("Caused by: ".length());
        }
        int colon = line.indexOf(": ");
        String cls = colon > 0 ? line.substring(0, colon) : "";
        if (colon <= 0 || !cls.matches("[\\w.$]+")) return line.trim();
        String simple = cls.substring(cls.lastIndexOf('.') + 1);
        String message = line.substring(colon + 2).trim();
        return simple.equals("IllegalArgumentException") || simple.equals("IllegalStateException") ? message : simple + ": " + message;
    }

    private static String firstLine(String s) {
        if (s == null) return "failed";
        int nl = s.indexOf('\n');
        return nl > 0 ? s.substring(0, nl) : s;
    }
}

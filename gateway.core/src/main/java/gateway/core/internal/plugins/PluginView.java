package gateway.core.internal.plugins;

import java.util.List;

/**
 * A bundle as {@code GET /plugins} shows it.
 *
 * @param id           bundle id
 * @param symbolicName Bundle-SymbolicName
 * @param name         Bundle-Name (or the symbolic name)
 * @param version      Bundle-Version
 * @param state        lower-case OSGi state: installed, resolved, starting, active, stopping
 * @param location     where it was installed from (a {@code deploy/} file for hot-deployed plugins)
 * @param healthy      false when it failed to resolve or start, or a component of it failed
 * @param reason       why it is not healthy, or null
 * @param components   its Declarative Services components
 */
public record PluginView(long id, String symbolicName, String name, String version, String state, String location,
                         boolean healthy, String reason, List<ComponentView> components) {

    /**
     * A DS component of a bundle.
     *
     * @param name   component name
     * @param state  lower-case state: active, satisfied, unsatisfied-reference, unsatisfied-configuration, failed-activation
     * @param reason why it is not active, or null
     */
    public record ComponentView(String name, String state, String reason) {
    }
}

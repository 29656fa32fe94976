package gateway.sessions.internal;

import gateway.api.processing.SessionProcessor;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * The installed processors: every {@link SessionProcessor} service, by name; with two of one name, the higher
 * service ranking wins. Processors come and go with their bundles while sessions run.
 */
@Component(service = ProcessorCatalog.class)
public final class ProcessorCatalog {

    private record Entry(SessionProcessor processor, int ranking, long serviceId) {
    }

    private final Map<SessionProcessor, Entry> entries = new ConcurrentHashMap<>();
    private final List<Consumer<SessionProcessor>> removalListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<SessionProcessor>> additionListeners = new CopyOnWriteArrayList<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addProcessor(SessionProcessor processor, Map<String, Object> props) {
        Object ranking = props.get(Constants.SERVICE_RANKING);
        entries.put(processor, new Entry(processor, ranking instanceof Integer r ? r : 0, (Long) props.get(Constants.SERVICE_ID)));
        for (Consumer<SessionProcessor> l : additionListeners) l.accept(processor);
    }

    void removeProcessor(SessionProcessor processor) {
        entries.remove(processor);
        for (Consumer<SessionProcessor> l : removalListeners) l.accept(processor);
    }

    /** @param listener told when a processor is uninstalled (its runs must end); called on the unregistering thread */
    void onRemoval(Consumer<SessionProcessor> listener) {
        removalListeners.add(listener);
    }

    /**
     * @param listener told when a processor is installed (e.g. the new revision of an updated plugin); called on the
     *                 registering thread
     */
    void onAddition(Consumer<SessionProcessor> listener) {
        additionListeners.add(listener);
    }

    void removeListener(Consumer<SessionProcessor> listener) {
        removalListeners.remove(listener);
        additionListeners.remove(listener);
    }

    /**
     * @param name a processor's name
     * @return the processor of that name with the highest ranking
     */
    Optional<SessionProcessor> find(String name) {
        return entries.values().stream().filter(e -> nameOf(e.processor).equals(name))
                .max(Comparator.comparingInt(Entry::ranking).thenComparing(e -> -e.serviceId))
                .map(Entry::processor);
    }

    /** @return the names of the installed processors, sorted */
    List<String> names() {
        return entries.values().stream().map(e -> nameOf(e.processor)).distinct().sorted().toList();
    }

    /** @return whether that processor is still installed */
    boolean installed(SessionProcessor processor) {
        return entries.containsKey(processor);
    }

    /** @return the processor's name, or "" when asking fails */
    static String nameOf(SessionProcessor p) {
        try {
            return String.valueOf(p.name());
        } catch (RuntimeException e) {
            return "";
        }
    }
}

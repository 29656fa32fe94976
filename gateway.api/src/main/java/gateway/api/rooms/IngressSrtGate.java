package gateway.api.rooms;

import java.util.Optional;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Decides which caller of the SRT ingress listener ({@link IngressFeeds#listenSrt}) is admitted: registered as a
 * service by the plugin that keeps the ingresses, and asked by the listener for every caller. The listener outlives
 * that plugin; while no gate is registered (the plugin is being updated or is stopped) a new caller is refused and a
 * running one goes on.
 *
 * <p><b>Threading.</b> Called on the listener's threads; must not block.
 */
@ConsumerType
public interface IngressSrtGate {

    /**
     * The handshake: a caller names an ingress by its stream id.
     *
     * @param streamId the caller's stream id
     * @return the passphrase the caller must encrypt with (the ingress's stream key); empty = refused (no such SRT
     *         ingress, disabled, or it has an input)
     */
    Optional<String> passphrase(String streamId);

    /**
     * The caller connected with the right passphrase: it becomes the ingress's input, or is refused.
     *
     * @param streamId the caller's stream id
     * @return who it publishes as and who follows it; empty = refused (the ingress took another input meanwhile, was
     *         disabled or deleted)
     */
    Optional<Admission> admit(String streamId);

    /**
     * An admitted caller.
     *
     * @param who      who its feed publishes as ({@link IngressPushRequest#ingressId()} names the ingress)
     * @param listener follows the feed; not null
     */
    record Admission(IngressPushRequest who, IngressFeedListener listener) {
    }
}

package gateway.api.rooms;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Follows a WHIP push to an ingress ({@link RoomSessions#pushIngress}, {@link RoomSessions#followIngressPush}); the
 * plugin that keeps the ingresses implements it to keep the ingress's state. A push has at most one listener: a new
 * revision of that plugin takes the push over with {@link RoomSessions#followIngressPush}, and what happens while
 * nobody follows the push is not told to anyone (the new listener reads it from the returned {@link IngressPush}).
 *
 * <p><b>Threading.</b> Called on transport threads or the thread of the operation that caused it; must not block.
 * An exception thrown by the listener is logged and does not stop the push.
 */
@ConsumerType
public interface IngressPushListener {

    /**
     * The encoder connected: the ingress publishes now. Called once per push, also when it had connected before this
     * listener followed it (then through {@link IngressPush#connected()} of the answer, not here). Optional.
     *
     * @param push the push now
     */
    default void connected(IngressPush push) {
    }

    /**
     * The push ended, once: its track left the room, and its participant with it.
     *
     * @param cause  a short label: {@code deleted} (the encoder's DELETE), {@code timeout} (it never connected or went
     *               silent), {@code refused}, {@code removed} (the room's decision, or {@link RoomSessions#endIngressPush}),
     *               {@code unpublished} ({@code canPublish} revoked), {@code stopped} (the transport or the rooms service
     *               stopped), {@code uninstalled} (the plugin that started it was uninstalled)
     * @param reason why, for people
     */
    void ended(String cause, String reason);
}

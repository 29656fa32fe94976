package gateway.api.rooms;

/**
 * An ingress started or ended publishing, published on the gateway's event bus (and so on {@code /sse}) with
 * {@link #type()} as the event type; the names are LiveKit's webhook events.
 *
 * <p>Events reach the gateway's public {@code /sse}: the ingress they carry has an empty stream key and no
 * passphrase or user information in its URL.
 *
 * @param type    {@link #INGRESS_STARTED} or {@link #INGRESS_ENDED}
 * @param ingress the ingress after the change, without its secrets; never null
 */
public record IngressEvent(String type, IngressInfo ingress) {
    /** The ingress's input started publishing in its room. */
    public static final String INGRESS_STARTED = "ingress_started";
    /** The ingress's input ended (completed or failed; the state says which). */
    public static final String INGRESS_ENDED = "ingress_ended";
}

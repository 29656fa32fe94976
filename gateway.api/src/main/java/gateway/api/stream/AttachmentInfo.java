package gateway.api.stream;

/**
 * What the registry knows about one handler attached to one stream.
 *
 * @param handler   the handler's name ({@link MediaHandler#NAME} property, else its bundle's symbolic name)
 * @param delivered packets handed to the handler's session
 * @param dropped   packets dropped because the handler's queue was full
 * @param failed    {@code true} once the session threw; it receives nothing more
 * @param reason    the failure, or {@code null}
 */
public record AttachmentInfo(String handler, long delivered, long dropped, boolean failed, String reason) {
}

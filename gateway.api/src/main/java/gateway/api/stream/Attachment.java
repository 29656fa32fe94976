package gateway.api.stream;

import org.osgi.annotation.versioning.ProviderType;

/** A handler attached to one stream with {@link StreamRegistry#attach}. */
@ProviderType
public interface Attachment extends AutoCloseable {

    /** @return a snapshot of the attachment's state and counters */
    AttachmentInfo info();

    /** Detaches the handler; its session gets {@link MediaSession#onDetached()}. Idempotent. */
    @Override
    void close();
}

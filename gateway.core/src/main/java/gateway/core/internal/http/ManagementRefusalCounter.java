package gateway.core.internal.http;

import java.util.concurrent.atomic.AtomicLong;
import org.osgi.service.component.annotations.Component;

/**
 * How many management requests were refused for their bearer token since the gateway started, by reason.
 * Counting is lock-free; {@link #snapshot()} is what a metrics endpoint reads.
 */
@Component(service = ManagementRefusalCounter.class)
public final class ManagementRefusalCounter {

    /** Why a management request was refused. */
    public enum Reason {
        /** no {@code Authorization} header */
        MISSING_TOKEN("missing token", "missing_token"),
        /** an {@code Authorization} header of another scheme than {@code Bearer} */
        NOT_BEARER("not a bearer token", "not_bearer"),
        /** a bearer token that is not the management token */
        WRONG_TOKEN("wrong token", "wrong_token");

        private final String text;
        private final String label;

        Reason(String text, String label) {
            this.text = text;
            this.label = label;
        }

        /** @return the reason as the log says it */
        public String text() {
            return text;
        }

        /** @return the reason as {@code GET /metrics} labels it: lower case, never changes */
        public String label() {
            return label;
        }
    }

    /**
     * The counts at one moment.
     *
     * @param missingToken requests without an {@code Authorization} header
     * @param notBearer    requests with another authorization scheme
     * @param wrongToken   requests with a wrong bearer token
     */
    public record Snapshot(long missingToken, long notBearer, long wrongToken) {
        /** @return all refusals */
        public long total() {
            return missingToken + notBearer + wrongToken;
        }
    }

    private final AtomicLong missing = new AtomicLong();
    private final AtomicLong notBearer = new AtomicLong();
    private final AtomicLong wrong = new AtomicLong();

    /** Counts one refusal. */
    public void count(Reason reason) {
        switch (reason) {
            case MISSING_TOKEN -> missing.incrementAndGet();
            case NOT_BEARER -> notBearer.incrementAndGet();
            case WRONG_TOKEN -> wrong.incrementAndGet();
        }
    }

    /**
     * @param reason a reason
     * @return the refusals for it so far
     */
    public long refusals(Reason reason) {
        return switch (reason) {
            case MISSING_TOKEN -> missing.get();
            case NOT_BEARER -> notBearer.get();
            case WRONG_TOKEN -> wrong.get();
        };
    }

    /** @return the counts now */
    public Snapshot snapshot() {
        return new Snapshot(missing.get(), notBearer.get(), wrong.get());
    }
}

package gateway.core.internal.http;

import java.io.IOException;

/**
 * Thrown by a request body's stream when the body grows beyond the limit (a chunked body, whose size is not
 * declared up front). The exception mapper answers 413 when it finds this among the causes of a failed read.
 */
public final class RequestBodyTooLargeException extends IOException {
    private static final long serialVersionUID = 1L;
    private final long limit;

    /** @param limit the limit that was exceeded, in bytes */
    public RequestBodyTooLargeException(long limit) {
        super("the request body is larger than " + limit + " bytes");
        this.limit = limit;
    }

    /** @return the limit that was exceeded, in bytes */
    public long limit() {
        return limit;
    }

    /** @return the problem detail for the client */
    public String detail() {
        return detail(limit);
    }

    static String detail(long limit) {
        return "the request body is larger than the limit of " + limit + " bytes";
    }
}

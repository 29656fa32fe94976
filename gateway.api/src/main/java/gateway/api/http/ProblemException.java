package gateway.api.http;

/**
 * An error a REST resource reports to its client. The gateway's exception mapper turns it into an
 * RFC 9457 {@code application/problem+json} response with this status, title and detail.
 */
public class ProblemException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String title;

    /**
     * @param status the HTTP status, 400–599
     * @param title  a short, fixed summary of the problem type, e.g. {@code "Invalid request body"}
     * @param detail what exactly is wrong with this request
     */
    public ProblemException(int status, String title, String detail) {
        super(detail);
        if (status < 400 || status > 599) throw new IllegalArgumentException("status must be 4xx or 5xx");
        this.status = status;
        this.title = title;
    }

    /** @return the HTTP status */
    public int status() {
        return status;
    }

    /** @return the problem type's summary */
    public String title() {
        return title;
    }

    /** @return what exactly is wrong */
    public String detail() {
        return getMessage();
    }

    /**
     * @param detail what is wrong with the request
     * @return a 400 problem
     */
    public static ProblemException badRequest(String detail) {
        return new ProblemException(400, "Bad request", detail);
    }

    /**
     * @param detail what was not found
     * @return a 404 problem
     */
    public static ProblemException notFound(String detail) {
        return new ProblemException(404, "Not found", detail);
    }

    /**
     * @param detail what conflicts
     * @return a 409 problem
     */
    public static ProblemException conflict(String detail) {
        return new ProblemException(409, "Conflict", detail);
    }
}

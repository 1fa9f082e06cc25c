package dev.flywheel.kit.http;

import java.util.List;

/** Ends a request with a problem response; thrown anywhere below a route handler. */
public class ProblemException extends RuntimeException {
    private final Problem problem;

    public ProblemException(int status, String title, String detail, List<String> errors) {
        super(status + " " + title + ": " + detail);
        this.problem = new Problem("https://flywheel.dev/problems/" + title.toLowerCase().replace(' ', '-'), title, status, detail, errors);
    }

    public Problem problem() { return problem; }

    public static ProblemException badRequest(String detail, List<String> errors) { return new ProblemException(400, "Invalid request", detail, errors); }
    public static ProblemException badRequest(String detail) { return badRequest(detail, List.of()); }
    public static ProblemException unauthorized(String detail) { return new ProblemException(401, "Unauthorized", detail, List.of()); }
    public static ProblemException forbidden(String detail) { return new ProblemException(403, "Forbidden", detail, List.of()); }
    public static ProblemException notFound(String detail) { return new ProblemException(404, "Not found", detail, List.of()); }
    public static ProblemException conflict(String detail) { return new ProblemException(409, "Conflict", detail, List.of()); }
    public static ProblemException tooLarge(String detail) { return new ProblemException(413, "Payload too large", detail, List.of()); }
    public static ProblemException unsupportedMediaType(String detail) { return new ProblemException(415, "Unsupported media type", detail, List.of()); }
    public static ProblemException unprocessable(String detail, List<String> errors) { return new ProblemException(422, "Unprocessable request", detail, errors); }
}

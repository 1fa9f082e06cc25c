package dev.flywheel.topology;

/**
 * An HTTP API route (API Gateway HTTP API, payload format 2.0).
 *
 * @param path     with {@code {param}} placeholders, e.g. {@code /orders/{orderId}}
 * @param auth     who may call it: any authenticated user, or only tokens with the admin claim
 * @param throttle steady-state rate and burst per route
 * @param requestSchema the JSON Schema ({@code events/schemas/<name>.json}) a body must match, or null for no body;
 *                 the local front door checks it before invoking, and the function checks it again
 */
public record RouteSpec(String method, String path, String function, Auth auth, Throttle throttle, String requestSchema) {

    public RouteSpec(String method, String path, String function, Auth auth, Throttle throttle) {
        this(method, path, function, auth, throttle, null);
    }

    public enum Auth { USER, ADMIN }

    public record Throttle(double ratePerSecond, int burst) {}

    public String routeKey() { return method + " " + path; }
}

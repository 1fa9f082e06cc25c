package dev.flywheel.topology;

/**
 * An HTTP API route (API Gateway HTTP API, payload format 2.0).
 *
 * @param path     with {@code {param}} placeholders, e.g. {@code /orders/{orderId}}
 * @param auth     who may call it: any authenticated user, or only tokens with the admin claim
 * @param throttle steady-state rate and burst per route
 */
public record RouteSpec(String method, String path, String function, Auth auth, Throttle throttle) {

    public enum Auth { USER, ADMIN }

    public record Throttle(double ratePerSecond, int burst) {}

    public String routeKey() { return method + " " + path; }
}

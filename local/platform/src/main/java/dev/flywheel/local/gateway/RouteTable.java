package dev.flywheel.local.gateway;

import dev.flywheel.topology.RouteSpec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Matches a request to the topology's routes as API Gateway does: method and path, {@code {param}} segments captured. */
public final class RouteTable {
    private final List<RouteSpec> routes;

    public RouteTable(List<RouteSpec> routes) { this.routes = List.copyOf(routes); }

    public record Match(RouteSpec route, Map<String, String> pathParameters) {}

    public Optional<Match> match(String method, String path) {
        String[] actual = segments(path);
        for (RouteSpec route : routes) {
            if (!route.method().equalsIgnoreCase(method)) continue;
            String[] pattern = segments(route.path());
            if (pattern.length != actual.length) continue;
            Map<String, String> params = new LinkedHashMap<>();
            boolean matches = true;
            for (int i = 0; i < pattern.length && matches; i++) {
                if (pattern[i].startsWith("{") && pattern[i].endsWith("}")) {
                    if (actual[i].isEmpty()) matches = false;
                    else params.put(pattern[i].substring(1, pattern[i].length() - 1), java.net.URLDecoder.decode(actual[i], java.nio.charset.StandardCharsets.UTF_8));
                } else {
                    matches = pattern[i].equals(actual[i]);
                }
            }
            if (matches) return Optional.of(new Match(route, params));
        }
        return Optional.empty();
    }

    private static String[] segments(String path) {
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        return trimmed.split("/", -1);
    }
}

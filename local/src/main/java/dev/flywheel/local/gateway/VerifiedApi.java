package dev.flywheel.local.gateway;

import dev.flywheel.local.LocalPlatform;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The HTTP API as it stands behind the front door: a request already authenticated (its verified claims given),
 * matched to its route, sent to the function as the API Gateway v2 event, the answer turned back into a response.
 * The demo and the end-to-end tests call the API here; the token check itself is the front door's.
 */
public final class VerifiedApi {
    private final LocalPlatform platform;
    private final RouteTable routes;

    public VerifiedApi(LocalPlatform platform, RouteTable routes) {
        this.platform = platform;
        this.routes = routes;
    }

    /** @param headers extra request headers; Content-Type is set for a body */
    public HttpApiEvents.Response call(Map<String, String> claims, String method, String path, String body, Map<String, String> headers) {
        RouteTable.Match match = routes.match(method, path)
                .orElseThrow(() -> new IllegalArgumentException("no route " + method + " " + path));
        Map<String, String> all = new LinkedHashMap<>(headers);
        if (body != null) all.putIfAbsent("content-type", "application/json");
        byte[] event = HttpApiEvents.request(match, method, path, "", all, body, claims, "127.0.0.1");
        return HttpApiEvents.response(platform.invoke(match.route().function(), event));
    }

    /** The claims of a token for {@code sub}, with the admin claim when asked. */
    public static Map<String, String> claims(String sub, boolean admin) {
        Map<String, String> claims = new LinkedHashMap<>(Map.of("sub", sub));
        if (admin) claims.put("admin", "true");
        return claims;
    }
}

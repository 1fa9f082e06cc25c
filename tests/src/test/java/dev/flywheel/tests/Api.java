package dev.flywheel.tests;

import dev.flywheel.local.LocalPlatform;
import dev.flywheel.local.gateway.HttpApiEvents;
import dev.flywheel.local.gateway.RouteTable;
import dev.flywheel.local.gateway.VerifiedApi;
import dev.flywheel.topology.FlywheelTopology;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The public HTTP API as a client sees it, on the local platform: a request is matched to its route and sent to
 * the function as the API Gateway v2 event that a verified JWT produces (the token check itself belongs to the
 * front door: these tests stand where it hands over).
 */
final class Api {
    private final VerifiedApi api;

    Api(LocalPlatform platform) { this.api = new VerifiedApi(platform, new RouteTable(FlywheelTopology.standard().routes())); }

    /** A caller: the JWT subject, and whether the token carries the admin claim. */
    record Caller(String userId, boolean admin) {
        static Caller user(String id) { return new Caller(id, false); }
        static Caller anAdmin() { return new Caller("admin-1", true); }
    }

    HttpApiEvents.Response call(Caller caller, String method, String path, String body) {
        return call(caller, method, path, body, Map.of());
    }

    HttpApiEvents.Response call(Caller caller, String method, String path, String body, Map<String, String> extraHeaders) {
        Map<String, String> headers = new LinkedHashMap<>(Map.of("user-agent", "flywheel-tests", "authorization", "Bearer test"));
        headers.putAll(extraHeaders);
        Map<String, String> claims = VerifiedApi.claims(caller.userId(), caller.admin());
        claims.put("iss", "flywheel-tests");
        return api.call(claims, method, path, body, headers);
    }
}

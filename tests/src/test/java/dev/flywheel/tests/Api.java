package dev.flywheel.tests;

import dev.flywheel.local.LocalPlatform;
import dev.flywheel.local.gateway.ApiClient;
import dev.flywheel.local.gateway.HttpApiEvents;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The public HTTP API as a client sees it: real HTTP to the platform's front door with a bearer token from the
 * local issuer, so every request goes through routing, JWT verification, throttling and validation.
 */
final class Api {
    private final ApiClient client;
    private final LocalPlatform platform;
    private final Map<Caller, String> tokens = new ConcurrentHashMap<>();

    Api(LocalPlatform platform) {
        this.platform = platform;
        this.client = new ApiClient(platform.url());
    }

    /** A caller: the JWT subject, and whether the token carries the admin group. */
    record Caller(String userId, boolean admin) {
        static Caller user(String id) { return new Caller(id, false); }
        static Caller anAdmin() { return new Caller("admin-1", true); }
    }

    String token(Caller caller) {
        return tokens.computeIfAbsent(caller, c -> platform.issuer().token(c.userId(), c.admin(), Duration.ofHours(1)));
    }

    HttpApiEvents.Response call(Caller caller, String method, String path, String body) {
        return call(caller, method, path, body, Map.of());
    }

    HttpApiEvents.Response call(Caller caller, String method, String path, String body, Map<String, String> extraHeaders) {
        return client.call(token(caller), method, path, body, extraHeaders);
    }

    /** Without the token: what a client with another (or no) token gets. */
    HttpApiEvents.Response callWithToken(String token, String method, String path, String body) {
        return client.call(token, method, path, body, Map.of());
    }
}

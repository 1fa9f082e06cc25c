package dev.flywheel.local.gateway;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** A plain HTTP client of the front door, as any user's client would call it (the demo and the tests use it). */
public final class ApiClient {
    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public ApiClient(URI base) { this.base = base; }

    public URI base() { return base; }

    /**
     * @param token   a bearer token, or null to send none
     * @param headers extra headers; Content-Type application/json is added for a body unless given
     */
    public HttpApiEvents.Response call(String token, String method, String path, String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(90))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) request.header("Authorization", "Bearer " + token);
        if (body != null && headers.keySet().stream().noneMatch(h -> h.equalsIgnoreCase("content-type"))) request.header("Content-Type", "application/json");
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            Map<String, String> flat = new LinkedHashMap<>();
            response.headers().map().forEach((k, v) -> flat.put(k, String.join(",", v)));
            return new HttpApiEvents.Response(response.statusCode(), flat, response.body());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + base.resolve(path) + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    public HttpApiEvents.Response call(String token, String method, String path, String body) {
        return call(token, method, path, body, Map.of());
    }
}

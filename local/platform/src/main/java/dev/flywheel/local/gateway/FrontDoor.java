package dev.flywheel.local.gateway;

import dev.flywheel.local.http.LoopbackHttp;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.flywheel.local.auth.LocalIssuer;
import dev.flywheel.local.dashboard.DashboardPages;
import dev.flywheel.local.runtime.InvocationResult;
import dev.flywheel.topology.RouteSpec;

import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.BindException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The local API Gateway, doing what the HTTP API that {@code infra-cdk} deploys does and nothing more: routes from
 * the topology, the JWT authorizer, each route's throttle (one token bucket per route, shared by every client, as
 * stage route settings are), the HTTP API's payload limit (10 MB) and Lambda's synchronous invocation limit (6 MB
 * of event), then the HTTP API v2 event, answered from the function's response. Bodies are checked where the cloud
 * checks them, in the functions (the kit's {@code JsonBodies}: size, content type, JSON, schema). Its own answers
 * have API Gateway's shapes ({@code {"message": ...}}) and carry {@code apigw-requestid}; the correlation id is the
 * function's business. Also serves {@code GET /health}, the dashboard, the issuer's public keys and the platform's
 * control API ({@code /platform/}: usage and fault injection, for the load harness; local only, like everything here).
 */
public final class FrontDoor implements AutoCloseable {
    /** The HTTP API's payload limit (a quota AWS does not raise). */
    public static final int MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;
    /** Lambda's limit on a synchronous invocation's event: a larger body never reaches the function. */
    public static final int MAX_EVENT_BYTES = 6 * 1024 * 1024;

    private final HttpServer server;
    private final ExecutorService threads;
    private final RouteTable routes;
    private final LocalIssuer issuer;
    private final RateLimits limits = new RateLimits();
    private final BiFunction<String, byte[], InvocationResult> functions;
    private final ApiTraffic traffic = new ApiTraffic();
    private final Consumer<String> acceptedOrders;

    /**
     * @param functions      runs an event through a function by name
     * @param acceptedOrders told the id of each order accepted (202 on POST /orders), for the dashboard
     * @param health         the body of GET /health
     */
    public FrontDoor(int port, RouteTable routes, LocalIssuer issuer, BiFunction<String, byte[], InvocationResult> functions,
                     Consumer<String> acceptedOrders, DashboardPages dashboard, com.sun.net.httpserver.HttpHandler control, Supplier<String> health) {
        this.routes = routes;
        this.issuer = issuer;
        this.functions = functions;
        this.acceptedOrders = acceptedOrders;
        try {
            server = LoopbackHttp.server(port, 256);
        } catch (BindException e) {
            throw new IllegalStateException("front door port " + port + " on 127.0.0.1 is in use (another Flywheel running? --port picks another)", e);
        } catch (IOException e) {
            throw new IllegalStateException("cannot open the front door on port " + port, e);
        }
        // the thread pool bounds how many requests reach functions at once, as an account's concurrency would
        threads = Executors.newFixedThreadPool(32, r -> {
            Thread t = new Thread(r, "front-door");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(threads);
        server.createContext("/", this::api);
        server.createContext("/health", exchange -> {
            try (exchange) {
                LoopbackHttp.send(exchange, 200, "application/json", health.get());
            }
        });
        server.createContext("/.well-known/jwks.json", exchange -> {
            try (exchange) {
                LoopbackHttp.send(exchange, 200, "application/json", issuer.jwks());
            }
        });
        server.createContext("/platform/", exchange -> {
            try (exchange) {
                control.handle(exchange);
            }
        });
        server.createContext("/dashboard", exchange -> {
            try (exchange) {
                dashboard.handle(exchange);
            }
        });
        server.start();
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public ApiTraffic traffic() { return traffic; }

    private void api(HttpExchange exchange) throws IOException {
        try (exchange) {
            traffic.requests.increment();
            String requestId = UUID.randomUUID().toString();
            Answer answer;
            try {
                answer = answer(exchange, requestId);
            } catch (RuntimeException e) {
                // a bug of the front door still answers (and shows as a 5xx) instead of closing the connection
                LoggerFactory.getLogger(FrontDoor.class).error("front door failed on {} {}", exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), e);
                answer = Answer.message(500, "Internal Server Error");
            }
            Map<String, String> headers = new LinkedHashMap<>(answer.headers());
            headers.putIfAbsent("apigw-requestid", requestId);
            if (answer.status() == 401) traffic.unauthorized.increment();
            if (answer.status() == 429) traffic.throttled.increment();
            if (answer.status() >= 500) traffic.errors5xx.increment();
            send(exchange, answer.status(), headers, answer.body());
        }
    }

    /** An answer of the front door's own, or the function's. */
    private record Answer(int status, Map<String, String> headers, String body) {
        /** API Gateway's shape for what it answers itself. */
        static Answer message(int status, String message) {
            return message(status, Map.of(), message);
        }

        static Answer message(int status, Map<String, String> headers, String message) {
            Map<String, String> all = new LinkedHashMap<>(headers);
            all.put("Content-Type", "application/json");
            return new Answer(status, all, "{\"message\":\"" + message + "\"}");
        }
    }

    private Answer answer(HttpExchange exchange, String requestId) throws IOException {
        String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        String path = exchange.getRequestURI().getRawPath();
        var match = routes.match(method, path);
        if (match.isEmpty()) return Answer.message(404, "Not Found");
        RouteSpec route = match.get().route();

        Map<String, String> claims;
        try {
            claims = issuer.verify(bearer(header(exchange, "authorization")));
        } catch (LocalIssuer.Rejected e) {
            String reason = e.getMessage().replace("\"", "'");
            return Answer.message(401, Map.of("WWW-Authenticate", "Bearer error=\"invalid_token\", error_description=\"" + reason + "\""), "Unauthorized");
        }
        long retryAfter = limits.tryAcquire(route);
        if (retryAfter > 0) return Answer.message(429, Map.of("Retry-After", Long.toString(retryAfter)), "Too Many Requests");

        byte[] raw = exchange.getRequestBody().readNBytes(MAX_PAYLOAD_BYTES + 1);
        if (raw.length > MAX_PAYLOAD_BYTES) {
            return new Answer(413, Map.of("Content-Type", "text/plain; charset=utf-8"), "HTTP content length exceeded " + MAX_PAYLOAD_BYTES + " bytes.");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
        String source = exchange.getRemoteAddress().getAddress().getHostAddress();
        byte[] event = HttpApiEvents.request(match.get(), requestId, method, path, exchange.getRequestURI().getRawQuery(), headers,
                raw.length == 0 ? null : raw, claims, source);
        if (event.length > MAX_EVENT_BYTES) return Answer.message(413, "Request Too Long");
        InvocationResult result = functions.apply(route.function(), event);
        if (result.status() == InvocationResult.Status.TIMEOUT) return Answer.message(503, "Service Unavailable");
        if (result.status() == InvocationResult.Status.THROTTLED) return Answer.message(429, Map.of("Retry-After", "1"), "Too Many Requests");
        if (!result.succeeded()) return Answer.message(500, "Internal Server Error");
        HttpApiEvents.Response response;
        try {
            response = HttpApiEvents.response(result.payload());
        } catch (IllegalStateException e) {
            return Answer.message(500, "Internal Server Error");
        }
        if (method.equals("POST") && route.path().equals("/orders") && response.status() == 202) {
            JsonNode orderId = response.json().get("orderId");
            if (orderId != null) acceptedOrders.accept(orderId.asText());
        }
        return new Answer(response.status(), response.headers(), response.body());
    }

    private static String bearer(String authorization) {
        if (authorization == null || authorization.isBlank()) throw new LocalIssuer.Rejected("no Authorization header: send Authorization: Bearer <token> (./flywheel token)");
        if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) throw new LocalIssuer.Rejected("the Authorization header is not a Bearer token");
        return authorization.substring(7).trim();
    }

    private static String header(HttpExchange exchange, String name) {
        List<String> values = exchange.getRequestHeaders().get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static void send(HttpExchange exchange, int status, Map<String, String> headers, String body) throws IOException {
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        headers.forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}

package dev.flywheel.local.gateway;

import dev.flywheel.local.http.LoopbackHttp;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.flywheel.local.auth.LocalIssuer;
import dev.flywheel.local.dashboard.DashboardPages;
import dev.flywheel.local.runtime.InvocationResult;
import dev.flywheel.topology.RouteSpec;

import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
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
import java.util.regex.Pattern;

/**
 * The local API Gateway: routes from the topology, each request checked in API Gateway's order (route, JWT,
 * throttle) and then for what no function should have to see (body size, content type, well-formed JSON, the
 * route's JSON Schema), turned
 * into the HTTP API v2 event, answered from the function's response. Every response carries the request id
 * ({@code apigw-requestid}) and the correlation id that follows the order through the queues. Also serves
 * {@code GET /health}, the dashboard, the issuer's public keys and the platform's control API ({@code /platform/}:
 * usage and fault injection, for the load harness; local only, like everything here).
 */
public final class FrontDoor implements AutoCloseable {
    /** The largest body any route accepts (the functions enforce the same limit). */
    public static final int MAX_BODY_BYTES = 64 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SANE_ID = Pattern.compile("[A-Za-z0-9._:-]{8,64}");

    private final HttpServer server;
    private final ExecutorService threads;
    private final RouteTable routes;
    private final LocalIssuer issuer;
    private final RateLimits limits = new RateLimits();
    private final RequestSchemas schemas = new RequestSchemas();
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
            String correlationId = header(exchange, "x-correlation-id");
            if (correlationId == null || !SANE_ID.matcher(correlationId).matches()) correlationId = UUID.randomUUID().toString();
            Map<String, String> ids = Map.of("apigw-requestid", requestId, "X-Correlation-Id", correlationId);
            Answer answer;
            try {
                answer = answer(exchange, requestId, correlationId);
            } catch (RuntimeException e) {
                // a bug of the front door still answers (and shows as a 5xx) instead of closing the connection
                LoggerFactory.getLogger(FrontDoor.class).error("front door failed on {} {}", exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), e);
                answer = Answer.problem(500, "Internal Server Error", "the front door failed: " + e);
            }
            Map<String, String> headers = new LinkedHashMap<>(answer.headers());
            ids.forEach(headers::putIfAbsent);
            if (answer.status() == 401) traffic.unauthorized.increment();
            if (answer.status() == 429) traffic.throttled.increment();
            if (answer.status() >= 500) traffic.errors5xx.increment();
            send(exchange, answer.status(), headers, answer.body());
        }
    }

    private record Answer(int status, Map<String, String> headers, String body) {
        static Answer json(int status, String body) { return new Answer(status, Map.of("Content-Type", "application/json"), body); }

        static Answer problem(int status, String title, String detail) {
            ObjectNode p = JSON.createObjectNode().put("type", "about:blank").put("title", title).put("status", status).put("detail", detail);
            return new Answer(status, Map.of("Content-Type", "application/problem+json"), p.toString());
        }
    }

    private Answer answer(HttpExchange exchange, String requestId, String correlationId) throws IOException {
        String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        String path = exchange.getRequestURI().getRawPath();
        var match = routes.match(method, path);
        if (match.isEmpty()) return Answer.json(404, "{\"message\":\"Not Found\"}");
        RouteSpec route = match.get().route();

        Map<String, String> claims;
        try {
            claims = issuer.verify(bearer(header(exchange, "authorization")));
        } catch (LocalIssuer.Rejected e) {
            String reason = e.getMessage().replace("\"", "'");
            return new Answer(401, Map.of("Content-Type", "application/json",
                    "WWW-Authenticate", "Bearer error=\"invalid_token\", error_description=\"" + reason + "\""), "{\"message\":\"Unauthorized\"}");
        }
        long retryAfter = limits.tryAcquire(route, claims.get("sub"));
        if (retryAfter > 0) {
            return new Answer(429, Map.of("Content-Type", "application/json", "Retry-After", Long.toString(retryAfter)), "{\"message\":\"Too Many Requests\"}");
        }

        byte[] raw = readAtMost(exchange.getRequestBody(), MAX_BODY_BYTES + 1);
        String body = null;
        if (raw.length > MAX_BODY_BYTES) return Answer.problem(413, "Payload Too Large", "the body is over " + MAX_BODY_BYTES + " bytes");
        if (raw.length > 0 || method.equals("POST") || method.equals("PUT")) {
            String type = header(exchange, "content-type");
            if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json"))
                return Answer.problem(415, "Unsupported Media Type", "send the body as application/json");
            body = new String(raw, StandardCharsets.UTF_8);
            try {
                JsonNode tree = JSON.readTree(body);
                if (tree == null || !tree.isObject()) return Answer.problem(400, "Bad Request", "the body must be a JSON object");
                if (route.requestSchema() != null) {
                    List<String> violations = schemas.violations(route.requestSchema(), tree);
                    if (!violations.isEmpty()) {
                        ObjectNode p = JSON.createObjectNode().put("type", "about:blank").put("title", "Bad Request").put("status", 400)
                                .put("detail", "body does not match the " + route.requestSchema() + " schema");
                        violations.forEach(p.putArray("errors")::add);
                        return new Answer(400, Map.of("Content-Type", "application/problem+json"), p.toString());
                    }
                }
            } catch (JsonProcessingException e) {
                // a limit of the parser (nesting depth, number or string length) has no location: it failed the
                // connection without an answer until generated bodies found it
                String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
                return Answer.problem(400, "Bad Request", "the body is not well-formed JSON: " + e.getOriginalMessage() + where);
            }
        }

        Map<String, String> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
        headers.put("x-correlation-id", correlationId);
        String source = exchange.getRemoteAddress().getAddress().getHostAddress();
        byte[] event = HttpApiEvents.request(match.get(), requestId, method, path, exchange.getRequestURI().getRawQuery(), headers, body, claims, source);
        InvocationResult result = functions.apply(route.function(), event);
        if (result.status() == InvocationResult.Status.TIMEOUT) return Answer.json(503, "{\"message\":\"Service Unavailable\"}");
        if (result.status() == InvocationResult.Status.THROTTLED) {
            return new Answer(429, Map.of("Content-Type", "application/json", "Retry-After", "1"), "{\"message\":\"Too Many Requests\"}");
        }
        if (!result.succeeded()) return Answer.json(500, "{\"message\":\"Internal Server Error\"}");
        HttpApiEvents.Response response;
        try {
            response = HttpApiEvents.response(result.payload());
        } catch (IllegalStateException e) {
            return Answer.json(500, "{\"message\":\"Internal Server Error\"}");
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

    private static byte[] readAtMost(InputStream in, int limit) throws IOException {
        return in.readNBytes(limit);
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

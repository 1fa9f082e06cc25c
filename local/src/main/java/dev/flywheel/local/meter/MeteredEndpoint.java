package dev.flywheel.local.meter;

import dev.flywheel.local.http.LoopbackHttp;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A pass-through in front of an emulator (SQS or DynamoDB), the endpoint the functions and the event sources are
 * given: every request is forwarded unchanged and recorded by operation and size in a {@link Usage} (the cost
 * model's input: what the run actually asked AWS for), and, while a fault is switched on, a share of requests
 * is answered with the error AWS would give instead (DynamoDB throttling or a 500), which the SDK's retries and
 * the queues' redelivery must absorb.
 */
public final class MeteredEndpoint implements AutoCloseable {
    /** Headers java.net.http sets itself, and hop-by-hop ones. */
    private static final Set<String> SKIPPED = Set.of("host", "connection", "content-length", "expect", "upgrade", "transfer-encoding", "keep-alive");

    /** What a fault does to the requests it hits. */
    public enum FaultKind { THROTTLE, ERROR }

    private record Fault(FaultKind kind, double rate) {}

    private final String service;
    private final URI target;
    private final Usage usage;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "metered-endpoint");
        t.setDaemon(true);
        return t;
    });
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).executor(threads).build();
    private volatile Fault fault;

    public MeteredEndpoint(String service, URI target, Usage usage) {
        this.service = service;
        this.target = target;
        this.usage = usage;
        try {
            server = LoopbackHttp.server(0, 512);
        } catch (IOException e) {
            throw new IllegalStateException("cannot open the metered " + service + " endpoint", e);
        }
        server.setExecutor(threads);
        server.createContext("/", this::forward);
        server.start();
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** From now on, answer {@code rate} (0..1) of requests with the fault; {@code rate} 0 switches it off. */
    public void fault(FaultKind kind, double rate) {
        fault = rate <= 0 ? null : new Fault(kind, Math.min(1, rate));
    }

    private void forward(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String operation = Usage.operation(exchange.getRequestHeaders().getFirst("X-Amz-Target"), body);
            Fault f = fault;
            if (f != null && ThreadLocalRandom.current().nextDouble() < f.rate()) {
                usage.injected(service, operation);
                answer(exchange, f.kind() == FaultKind.THROTTLE ? 400 : 500, f.kind() == FaultKind.THROTTLE
                        ? "{\"__type\":\"com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException\",\"message\":\"injected by flywheel: throughput exceeded\"}"
                        : "{\"__type\":\"com.amazonaws.dynamodb.v20120810#InternalServerError\",\"message\":\"injected by flywheel: internal server error\"}");
                return;
            }
            ConsumedCapacity.Forwarded forwarded = service.equals("dynamodb") ? ConsumedCapacity.ask(operation, body) : new ConsumedCapacity.Forwarded(body, false);
            byte[] sent = forwarded.body();
            HttpRequest.Builder request = HttpRequest.newBuilder(target.resolve(exchange.getRequestURI().toString())).timeout(Duration.ofSeconds(60))
                    .method(exchange.getRequestMethod(), sent.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(sent));
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (!SKIPPED.contains(name.toLowerCase(Locale.ROOT))) values.forEach(v -> request.header(name, v));
            });
            HttpResponse<byte[]> response;
            try {
                response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                answer(exchange, 503, "{\"message\":\"interrupted\"}");
                return;
            } catch (IOException e) {
                answer(exchange, 503, "{\"message\":\"" + service + " emulator unreachable: " + e.getMessage().replace("\"", "'") + "\"}");
                return;
            }
            usage.record(service, operation, body, response.body(), response.statusCode());
            byte[] answer = forwarded.asked() ? ConsumedCapacity.strip(response.body()) : response.body();
            response.headers().map().forEach((name, values) -> {
                if (!SKIPPED.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) exchange.getResponseHeaders().put(name, values);
            });
            if (answer != response.body() && exchange.getResponseHeaders().containsKey("x-amz-crc32")) {
                exchange.getResponseHeaders().set("x-amz-crc32", ConsumedCapacity.crc32(answer));
            }
            exchange.sendResponseHeaders(response.statusCode(), answer.length == 0 ? -1 : answer.length);
            if (answer.length > 0) exchange.getResponseBody().write(answer);
        }
    }

    private static void answer(HttpExchange exchange, int status, String json) throws IOException {
        LoopbackHttp.send(exchange, status, "application/x-amz-json-1.0", json);
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}

package dev.flywheel.local.meter;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flywheel.dynamodb.server.HttpFront;
import dev.flywheel.local.http.LoopbackHttp;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A pass-through in front of an emulator (SQS or DynamoDB), the endpoint the functions and the event sources are
 * given: every request is forwarded unchanged and recorded by operation and size in a {@link Usage} (the cost
 * model's input: what the run actually asked AWS for), and, while a fault is switched on, a share of requests
 * is answered with the error AWS would give instead (DynamoDB throttling or a 500), which the SDK's retries and
 * the queues' redelivery must absorb. In front of the embedded DynamoDB engine it answers in this JVM, through
 * the engine's own wire protocol, instead of forwarding: one HTTP hop less per call, and the engine's work runs
 * on the caller's thread, at its priority (the workers' endpoint is lowered).
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
    private final HttpFront inProcess;
    private volatile Fault fault;

    public MeteredEndpoint(String service, URI target, Usage usage) {
        this(service, target, usage, null);
    }

    /** @param inProcess the embedded engine's protocol, to answer in this JVM instead of forwarding to {@code target} */
    public MeteredEndpoint(String service, URI target, Usage usage, HttpFront inProcess) {
        this.service = service;
        this.target = target;
        this.usage = usage;
        this.inProcess = inProcess;
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
            Upstream reply = inProcess != null ? inProcess(exchange, operation, body) : viaHttp(exchange, operation, body);
            if (reply == null) return; // answered already: the emulator is unreachable
            usage.record(service, operation, body, reply.body(), reply.status(), reply.units());
            reply.headers().forEach((name, values) -> {
                if (!SKIPPED.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) exchange.getResponseHeaders().put(name, values);
            });
            if (reply.rewritten() && exchange.getResponseHeaders().containsKey("x-amz-crc32")) {
                exchange.getResponseHeaders().set("x-amz-crc32", ConsumedCapacity.crc32(reply.body()));
            }
            exchange.sendResponseHeaders(reply.status(), reply.body().length == 0 ? -1 : reply.body().length);
            if (reply.body().length > 0) exchange.getResponseBody().write(reply.body());
        }
    }

    /**
     * What the emulator answered, as the caller gets it, and the capacity units it reported to the meter.
     *
     * @param rewritten whether the body differs from the one the emulator sent (its headers describe that one)
     */
    private record Upstream(int status, Map<String, List<String>> headers, byte[] body, OptionalDouble units, boolean rewritten) {}

    private Upstream viaHttp(HttpExchange exchange, String operation, byte[] body) throws IOException {
        boolean dynamo = service.equals("dynamodb");
        ConsumedCapacity.Forwarded forwarded = dynamo ? ConsumedCapacity.ask(operation, body) : new ConsumedCapacity.Forwarded(body, false);
        byte[] sent = forwarded.body();
        HttpRequest.Builder request = HttpRequest.newBuilder(target.resolve(exchange.getRequestURI().toString())).timeout(Duration.ofSeconds(60))
                .method(exchange.getRequestMethod(), sent.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(sent));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!SKIPPED.contains(name.toLowerCase(Locale.ROOT))) values.forEach(v -> request.header(name, v));
        });
        try {
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            byte[] received = response.body();
            OptionalDouble units = dynamo && response.statusCode() < 400 ? ConsumedCapacity.units(received) : OptionalDouble.empty();
            byte[] answer = forwarded.asked() ? ConsumedCapacity.strip(received) : received;
            return new Upstream(response.statusCode(), response.headers().map(), answer, units, answer != received);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            answer(exchange, 503, "{\"message\":\"interrupted\"}");
        } catch (IOException e) {
            answer(exchange, 503, "{\"message\":\"" + service + " emulator unreachable: " + e.getMessage().replace("\"", "'") + "\"}");
        }
        return null;
    }

    /**
     * The embedded DynamoDB engine answers on this thread: no second HTTP hop, and the caller's priority. The request
     * is parsed once: the meter's capacity question is added to the parsed request and read from, and taken out of,
     * the engine's answer before it is written (over HTTP, each of those is a parse and a write of its own).
     */
    private Upstream inProcess(HttpExchange exchange, String operation, byte[] body) {
        String method = exchange.getRequestMethod(), target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        JsonNode request = "POST".equals(method) ? ConsumedCapacity.parsed(body) : null;
        HttpFront.Reply reply;
        OptionalDouble units = OptionalDouble.empty();
        if (request == null) {
            reply = inProcess.answer(method, target, body); // not a call, or malformed: the engine's own answer
        } else {
            boolean asked = ConsumedCapacity.ask(operation, request);
            HttpFront.Answer answer = inProcess.answer(target, request);
            units = ConsumedCapacity.units(answer.body());
            reply = HttpFront.reply(asked ? new HttpFront.Answer(answer.status(), ConsumedCapacity.strip(answer.body())) : answer);
        }
        Map<String, List<String>> headers = new java.util.HashMap<>();
        reply.headers().forEach((name, value) -> headers.put(name, List.of(value)));
        return new Upstream(reply.status(), headers, reply.body(), units, false);
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

package dev.flywheel.local.payments;

import dev.flywheel.local.http.LoopbackHttp;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A payment provider for local runs and tests, over HTTP like a real one:
 * <ul>
 *   <li>{@code POST /v1/captures} with an {@code Idempotency-Key} header: 201 captured, or 402 for the token
 *       {@code tok_declined}; a repeated key gets the first answer and records nothing new;</li>
 *   <li>{@code GET /v1/captures}: every recorded capture or decline (the load harness checks exactly one
 *       capture per confirmed order against it);</li>
 *   <li>{@code POST /admin/mode} {@code {"mode":"ok"|"fail"|"slow","delayMs":2000}}: answer normally, fail every
 *       call with 503 (nothing recorded), or answer after a delay.</li>
 * </ul>
 * Started with a ledger file ({@code ./flywheel up} keeps it in its data directory), it remembers its answers
 * across a restart, as a real provider does: a key answered before the crash gets the same answer after it.
 */
public final class FakePaymentProvider implements AutoCloseable {
    public static final String DECLINED_TOKEN = "tok_declined";

    public enum Mode { OK, FAIL, SLOW }

    /** One recorded answer: {@code status} is "captured" or "declined". */
    public record Capture(String idempotencyKey, String orderId, long amount, String currency, String paymentToken,
                          String status, String captureId, Instant at) {}

    private record Answer(int status, String body) {}

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
            .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(32);
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final List<Capture> captures = java.util.Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger attempts = new AtomicInteger();
    private final AtomicInteger sequence = new AtomicInteger();
    private final AtomicReference<Mode> mode = new AtomicReference<>(Mode.OK);
    private volatile Duration delay = Duration.ZERO;
    private final CaptureLedger ledger;

    private FakePaymentProvider(HttpServer server, CaptureLedger ledger) {
        this.server = server;
        this.ledger = ledger;
        if (ledger == null) return;
        for (Capture recovered : ledger.recovered()) {
            captures.add(recovered);
            answers.put(recovered.idempotencyKey(), answer(recovered));
            if (recovered.captureId() != null)
                sequence.accumulateAndGet(Integer.parseInt(recovered.captureId().substring("cap_".length())), Math::max);
        }
    }

    /** Listens on 127.0.0.1:{@code port} (0: a free port), remembering nothing across a restart. */
    public static FakePaymentProvider start(int port) {
        return start(port, null);
    }

    /**
     * Listens on 127.0.0.1:{@code port} (0: a free port) and keeps its answers in {@code ledgerFile} (null: in
     * memory only), starting from what an earlier run wrote there.
     */
    public static FakePaymentProvider start(int port, Path ledgerFile) {
        CaptureLedger ledger = ledgerFile == null ? null : CaptureLedger.open(ledgerFile, JSON);
        try {
            HttpServer server = LoopbackHttp.server(port, 200);
            FakePaymentProvider provider = new FakePaymentProvider(server, ledger);
            server.createContext("/v1/captures", provider::captures);
            server.createContext("/admin/mode", provider::changeMode);
            server.setExecutor(provider.executor);
            server.start();
            return provider;
        } catch (IOException e) {
            if (ledger != null) ledger.close();
            throw new IllegalStateException("payment provider cannot listen on port " + port + ": " + e.getMessage(), e);
        }
    }

    public String baseUrl() { return "http://127.0.0.1:" + server.getAddress().getPort(); }

    public void mode(Mode newMode, Duration newDelay) {
        delay = newDelay;
        mode.set(newMode);
    }

    public List<Capture> captures() {
        synchronized (captures) {
            return List.copyOf(captures);
        }
    }

    /** Every POST received, including failed and repeated ones. */
    public int attempts() { return attempts.get(); }

    private void captures(HttpExchange exchange) throws IOException {
        try (exchange) {
            if ("GET".equals(exchange.getRequestMethod())) {
                respond(exchange, new Answer(200, JSON.writeValueAsString(captures())));
                return;
            }
            if (!"POST".equals(exchange.getRequestMethod())) {
                respond(exchange, new Answer(405, "{\"error\":\"use POST\"}"));
                return;
            }
            attempts.incrementAndGet();
            String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
            JsonNode body = readBody(exchange.getRequestBody());
            if (key == null || key.isBlank() || body == null || !body.hasNonNull("orderId") || !body.hasNonNull("amount")) {
                respond(exchange, new Answer(400, "{\"error\":\"Idempotency-Key header and orderId, amount, currency, paymentToken are required\"}"));
                return;
            }
            Mode current = mode.get();
            if (current == Mode.FAIL) {
                respond(exchange, new Answer(503, "{\"error\":\"provider unavailable\"}"));
                return;
            }
            if (current == Mode.SLOW) sleep(delay);
            respond(exchange, answers.computeIfAbsent(key, k -> decide(k, body)));
        }
    }

    private Answer decide(String key, JsonNode body) {
        String token = body.path("paymentToken").asText();
        boolean declined = DECLINED_TOKEN.equals(token);
        String captureId = declined ? null : "cap_" + sequence.incrementAndGet();
        Capture capture = new Capture(key, body.get("orderId").asText(), body.get("amount").asLong(), body.path("currency").asText(),
                token, declined ? "declined" : "captured", captureId, Instant.now());
        if (ledger != null) ledger.append(capture); // on file before anyone is told
        captures.add(capture);
        return answer(capture);
    }

    private static Answer answer(Capture capture) {
        return "declined".equals(capture.status()) ? new Answer(402, "{\"status\":\"declined\",\"reason\":\"card declined\"}")
                : new Answer(201, "{\"status\":\"captured\",\"captureId\":\"" + capture.captureId() + "\"}");
    }

    private void changeMode(HttpExchange exchange) throws IOException {
        try (exchange) {
            JsonNode body = readBody(exchange.getRequestBody());
            try {
                Mode newMode = Mode.valueOf(body.path("mode").asText().toUpperCase());
                mode(newMode, Duration.ofMillis(body.path("delayMs").asLong(2000)));
                respond(exchange, new Answer(200, "{\"mode\":\"" + newMode.name().toLowerCase() + "\"}"));
            } catch (IllegalArgumentException | NullPointerException e) {
                respond(exchange, new Answer(400, "{\"error\":\"mode is ok, fail or slow\"}"));
            }
        }
    }

    private static JsonNode readBody(InputStream in) {
        try {
            return JSON.readTree(in.readAllBytes());
        } catch (IOException e) {
            return null;
        }
    }

    private static void respond(HttpExchange exchange, Answer answer) throws IOException {
        LoopbackHttp.send(exchange, answer.status(), "application/json", answer.body());
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        if (ledger != null) ledger.close();
    }
}

package dev.flywheel.local.runtime;

import dev.flywheel.local.http.LoopbackHttp;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The Lambda Runtime API (version 2018-06-01) for one execution environment, served by the platform on a port of
 * its own. The runtime interface client inside the instance long-polls {@code /invocation/next}, which hands it
 * the next event with Lambda's headers, then posts the answer to {@code /invocation/{id}/response} or {@code
 * /error}. Its first {@code /next} marks the end of init, as on Lambda. One server per instance keeps an
 * instance's requests apart without routing by path (the client takes only host:port).
 */
final class RuntimeApi implements AutoCloseable {
    private static final String PREFIX = "/2018-06-01/runtime/";

    /** An event waiting to be handed out, and the answer the instance will give. */
    record Pending(String requestId, byte[] event, long deadlineMillis, String functionArn, CompletableFuture<Outcome> outcome) {}

    /** What the instance answered: its payload, or an error it reported (errorType from Lambda-Runtime-Function-Error-Type). */
    record Outcome(byte[] payload, String errorType) {
        boolean failed() { return errorType != null; }
    }

    private final HttpServer server;
    private final ExecutorService threads;
    private final BlockingQueue<Pending> events = new LinkedBlockingQueue<>();
    private final ConcurrentHashMap<String, Pending> handedOut = new ConcurrentHashMap<>();
    private final CompletableFuture<String> initDone = new CompletableFuture<>(); // null: ready; else the init error
    private volatile boolean open = true;

    RuntimeApi(String name) {
        try {
            server = LoopbackHttp.server(0, 8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot open a Runtime API port for " + name, e);
        }
        threads = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "runtime-api-" + name);
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(threads);
        server.createContext(PREFIX, this::handle);
        server.start();
    }

    /** The value of AWS_LAMBDA_RUNTIME_API for the instance. */
    String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** Completes when the instance asks for its first event (init done: null) or reports an init error (its text). */
    CompletableFuture<String> initDone() { return initDone; }

    /** Queues an event for the instance; the future completes with its answer. */
    CompletableFuture<Outcome> submit(String requestId, byte[] event, long deadlineMillis, String functionArn) {
        Pending pending = new Pending(requestId, event, deadlineMillis, functionArn, new CompletableFuture<>());
        events.add(pending);
        return pending.outcome();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath().substring(PREFIX.length());
            String method = exchange.getRequestMethod();
            if (method.equals("GET") && path.equals("invocation/next")) {
                next(exchange);
            } else if (method.equals("POST") && path.startsWith("invocation/") && (path.endsWith("/response") || path.endsWith("/error"))) {
                String requestId = path.substring("invocation/".length(), path.lastIndexOf('/'));
                Pending pending = handedOut.remove(requestId);
                byte[] body = exchange.getRequestBody().readAllBytes();
                if (pending == null) {
                    reply(exchange, 400, "{\"errorMessage\":\"unknown request id " + requestId + "\",\"errorType\":\"InvalidRequestID\"}");
                    return;
                }
                String errorType = path.endsWith("/error")
                        ? firstNonNull(exchange.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type"), "Unhandled") : null;
                pending.outcome().complete(new Outcome(body, errorType));
                reply(exchange, 202, "{\"status\":\"OK\"}");
            } else if (method.equals("POST") && path.equals("init/error")) {
                initDone.complete(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                reply(exchange, 202, "{\"status\":\"OK\"}");
            } else {
                reply(exchange, 404, "{\"errorMessage\":\"not part of the Runtime API: " + method + " " + path + "\"}");
            }
        }
    }

    /** Blocks until there is an event (as Lambda does: a frozen instance simply waits here). */
    private void next(HttpExchange exchange) throws IOException {
        initDone.complete(null);
        Pending pending = null;
        try {
            while (open && pending == null) pending = events.poll(200, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (pending == null) {
            reply(exchange, 410, "{\"errorMessage\":\"the environment is shutting down\"}");
            return;
        }
        handedOut.put(pending.requestId(), pending);
        var headers = exchange.getResponseHeaders();
        headers.set("Content-Type", "application/json");
        headers.set("Lambda-Runtime-Aws-Request-Id", pending.requestId());
        headers.set("Lambda-Runtime-Deadline-Ms", Long.toString(pending.deadlineMillis()));
        headers.set("Lambda-Runtime-Invoked-Function-Arn", pending.functionArn());
        headers.set("Lambda-Runtime-Trace-Id", traceHeader(pending.requestId()));
        exchange.sendResponseHeaders(200, pending.event().length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(pending.event());
        }
    }

    /**
     * The X-Ray trace header Lambda hands each invocation: a new trace (Root: version 1, the epoch second in hex, 96
     * bits of the request id), the Lambda segment's id as Parent, and Sampled=0, as for a function without active
     * tracing. The runtime client puts it where the SDK and Powertools look for it, so the SDK sends it with every
     * call and SQS stamps it on sent messages as {@code AWSTraceHeader}: the same path as on Lambda, without an
     * X-Ray daemon.
     */
    static String traceHeader(String requestId) {
        String hex = requestId.replace("-", "");
        return "Root=1-" + String.format("%08x", System.currentTimeMillis() / 1000) + "-" + hex.substring(0, 24)
                + ";Parent=" + String.format("%016x", ThreadLocalRandom.current().nextLong()) + ";Sampled=0";
    }

    private static void reply(HttpExchange exchange, int status, String json) throws IOException {
        LoopbackHttp.send(exchange, status, "application/json", json);
    }

    private static String firstNonNull(String a, String b) { return a != null ? a : b; }

    @Override
    public void close() {
        open = false;
        server.stop(0);
        threads.shutdownNow();
        Exception gone = new IllegalStateException("the environment was shut down");
        events.forEach(p -> p.outcome().completeExceptionally(gone));
        handedOut.values().forEach(p -> p.outcome().completeExceptionally(gone));
        initDone.complete("the environment was shut down before init finished");
    }
}

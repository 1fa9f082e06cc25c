package dev.flywheel.dynamodb.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.flywheel.dynamodb.model.DynamoException;
import dev.flywheel.dynamodb.model.Wire;

import java.io.IOException;
import java.io.OutputStream;
import java.util.UUID;
import java.util.zip.CRC32;

/**
 * The wire protocol: AWS JSON 1.0 over HTTP, {@code POST /} with {@code X-Amz-Target: DynamoDB_20120810.<Op>}.
 * Answers carry {@code x-amz-crc32} (SDK v2 checks it) and {@code x-amzn-RequestId}; errors carry
 * {@code __type} and {@code message}. Signatures are not checked: any credentials work, as with every local
 * emulator.
 */
public final class HttpFront {
    private static final String TARGET_PREFIX = "DynamoDB_20120810.";
    private static final String CONTENT_TYPE = "application/x-amz-json-1.0";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What answers one operation: the engine's {@link Operations}, or, for a benchmark's floor, a no-op. */
    @FunctionalInterface
    public interface Handler {
        JsonNode handle(String operation, JsonNode request);
    }

    private final Handler operations;

    public HttpFront(Handler operations) { this.operations = operations; }

    public void install(HttpServer server) {
        server.createContext("/", this::handle);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Reply reply = answer(exchange.getRequestMethod(), exchange.getRequestHeaders().getFirst("X-Amz-Target"), body);
            reply.headers().forEach(exchange.getResponseHeaders()::set);
            exchange.sendResponseHeaders(reply.status(), reply.body().length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(reply.body());
            }
        }
    }

    /** An answer on the wire: status, body, and the headers that depend on them. */
    public record Reply(int status, byte[] body, String contentType) {
        /** Content-Type, the body's {@code x-amz-crc32} (SDK v2 checks it) and a fresh {@code x-amzn-RequestId}. */
        public java.util.Map<String, String> headers() {
            CRC32 crc = new CRC32();
            crc.update(body);
            return java.util.Map.of("Content-Type", contentType, "x-amz-crc32", Long.toString(crc.getValue()),
                    "x-amzn-RequestId", UUID.randomUUID().toString());
        }
    }

    /**
     * What the endpoint answers one request with, as bytes: for a caller in the same JVM that already holds the
     * request, without a second HTTP hop.
     */
    public Reply answer(String method, String target, byte[] body) {
        if (!"POST".equals(method)) {
            // a health check or a browser: answer what DynamoDB's endpoint answers a GET with
            return new Reply(200, "healthy: dynamodb.us-east-1.amazonaws.com ".getBytes(java.nio.charset.StandardCharsets.UTF_8), "text/plain");
        }
        JsonNode request;
        try {
            operation(target); // an unknown operation is the answer before a malformed body is
            request = parse(body);
        } catch (DynamoException e) {
            return reply(new Answer(e.status(), error(e)));
        }
        return reply(answer(target, request));
    }

    /** An answer before it is written: its status and JSON body. */
    public record Answer(int status, JsonNode body) {}

    /**
     * What the endpoint answers a {@code POST} of an already parsed request with, before it is written: for a caller
     * in the same JVM that reads or changes the answer first (the local platform's metered endpoint reads the
     * consumed capacity it asked for and takes it out again, without parsing and writing the JSON a second time).
     */
    public Answer answer(String target, JsonNode request) {
        try {
            return new Answer(200, operations.handle(operation(target), request));
        } catch (DynamoException e) {
            return new Answer(e.status(), error(e));
        } catch (RuntimeException e) {
            DynamoException internal = DynamoException.internal("Internal server error: " + e);
            return new Answer(internal.status(), error(internal));
        }
    }

    /** The answer on the wire. */
    public static Reply reply(Answer answer) {
        try {
            return new Reply(answer.status(), JSON.writeValueAsBytes(answer.body()), CONTENT_TYPE);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an answer that cannot be written: " + e.getMessage(), e);
        }
    }

    private static String operation(String target) {
        if (target == null || !target.startsWith(TARGET_PREFIX)) throw DynamoException.unknownOperation(String.valueOf(target));
        return target.substring(TARGET_PREFIX.length());
    }

    private static JsonNode parse(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw DynamoException.serialization("Start of structure or map found where not expected, or malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw DynamoException.serialization(e.getMessage());
        }
    }

    private static ObjectNode error(DynamoException e) {
        ObjectNode out = JSON.createObjectNode();
        out.put("__type", e.wireType());
        out.put("message", e.getMessage());
        if (e instanceof DynamoException.ConditionalCheckFailed failed && failed.item() != null) out.set("Item", Wire.json(failed.item()));
        if (e instanceof DynamoException.TransactionCanceled canceled) {
            ArrayNode reasons = out.putArray("CancellationReasons");
            for (DynamoException.CancellationReason reason : canceled.reasons()) {
                ObjectNode r = reasons.addObject().put("Code", reason.code());
                if (reason.message() != null) r.put("Message", reason.message());
                if (reason.item() != null) r.set("Item", Wire.json(reason.item()));
            }
        }
        return out;
    }
}

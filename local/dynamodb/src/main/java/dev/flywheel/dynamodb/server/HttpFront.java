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
            if (!exchange.getRequestMethod().equals("POST")) {
                // a health check or a browser: answer what DynamoDB's endpoint answers a GET with
                reply(exchange, 200, "healthy: dynamodb.us-east-1.amazonaws.com ".getBytes(), "text/plain");
                return;
            }
            int status = 200;
            JsonNode response;
            try {
                response = operations.handle(operation(exchange.getRequestHeaders().getFirst("X-Amz-Target")), parse(body));
            } catch (DynamoException e) {
                status = e.status();
                response = error(e);
            } catch (RuntimeException e) {
                DynamoException internal = DynamoException.internal("Internal server error: " + e);
                status = internal.status();
                response = error(internal);
            }
            reply(exchange, status, JSON.writeValueAsBytes(response), CONTENT_TYPE);
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

    private static void reply(HttpExchange exchange, int status, byte[] bytes, String contentType) throws IOException {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("x-amz-crc32", Long.toString(crc.getValue()));
        exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}

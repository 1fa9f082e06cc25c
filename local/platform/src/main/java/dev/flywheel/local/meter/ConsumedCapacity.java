package dev.flywheel.local.meter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.zip.CRC32;

/**
 * The metered DynamoDB endpoint asks the backend what each call consumed, instead of guessing from body sizes:
 * it adds {@code ReturnConsumedCapacity: TOTAL} to a data-plane request that did not ask for it, reads the
 * capacity units from the answer, and takes them out again before the function sees it, so the function gets
 * exactly the answer it asked for. Backends that compute capacity by DynamoDB's rules (Flywheel's engine,
 * moto, LocalStack) thereby bill the cost model in real request units.
 */
final class ConsumedCapacity {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final Set<String> DATA_PLANE = Set.of("PutItem", "UpdateItem", "DeleteItem", "GetItem", "Query", "Scan",
            "BatchGetItem", "BatchWriteItem", "TransactWriteItems", "TransactGetItems");

    /** A request as forwarded: its body, and whether the meter added the capacity question. */
    record Forwarded(byte[] body, boolean asked) {}

    private ConsumedCapacity() {}

    static Forwarded ask(String operation, byte[] body) {
        if (!DATA_PLANE.contains(operation)) return new Forwarded(body, false);
        try {
            JsonNode request = JSON.readTree(body);
            if (!ask(operation, request)) return new Forwarded(body, false);
            return new Forwarded(JSON.writeValueAsBytes(request), true);
        } catch (IOException malformed) {
            return new Forwarded(body, false); // the backend answers a malformed body with its own error
        }
    }

    /**
     * The same question added to a parsed request, in place (the embedded engine's path: nothing is written).
     *
     * @return whether the meter asked: false for a control-plane call, a body that is not an object, or a caller
     * that asked itself
     */
    static boolean ask(String operation, JsonNode request) {
        if (!DATA_PLANE.contains(operation) || !(request instanceof ObjectNode object)) return false;
        if (!object.path("ReturnConsumedCapacity").asText("NONE").equals("NONE")) return false; // the caller asked itself: leave it be
        object.put("ReturnConsumedCapacity", "TOTAL");
        return true;
    }

    /** A request as the meter reads it: null when it is not JSON (the backend answers that with its own error). */
    static JsonNode parsed(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (IOException malformed) {
            return null;
        }
    }

    /** The total capacity units an answer reports (one object, or one per table), if it reports any. */
    static OptionalDouble units(byte[] response) {
        try {
            return units(JSON.readTree(response));
        } catch (IOException notJson) {
            return OptionalDouble.empty(); // no units: the caller falls back to estimating
        }
    }

    static OptionalDouble units(JsonNode response) {
        JsonNode consumed = response.path("ConsumedCapacity");
        if (consumed.isObject()) return OptionalDouble.of(consumed.path("CapacityUnits").asDouble());
        if (consumed.isArray() && !consumed.isEmpty()) {
            double total = 0;
            for (JsonNode table : consumed) total += table.path("CapacityUnits").asDouble();
            return OptionalDouble.of(total);
        }
        return OptionalDouble.empty();
    }

    /** The answer without the ConsumedCapacity the meter asked for. */
    static byte[] strip(byte[] response) {
        try {
            JsonNode answer = JSON.readTree(response);
            JsonNode stripped = strip(answer);
            return stripped == answer ? response : JSON.writeValueAsBytes(stripped);
        } catch (IOException notJson) {
            return response;
        }
    }

    /**
     * The same for a parsed answer: a shallow copy without it, or the answer itself if it has none. The answer is
     * not changed: the engine may hold on to it (a TransactWriteItems token's first answer is replayed).
     */
    static JsonNode strip(JsonNode answer) {
        if (!(answer instanceof ObjectNode object) || !object.has("ConsumedCapacity")) return answer;
        ObjectNode copy = object.objectNode();
        object.fields().forEachRemaining(field -> {
            if (!field.getKey().equals("ConsumedCapacity")) copy.set(field.getKey(), field.getValue());
        });
        return copy;
    }

    /** The {@code x-amz-crc32} header of a body (SDK v2 checks it against the body it receives). */
    static String crc32(byte[] body) {
        CRC32 crc = new CRC32();
        crc.update(body);
        return Long.toString(crc.getValue());
    }
}

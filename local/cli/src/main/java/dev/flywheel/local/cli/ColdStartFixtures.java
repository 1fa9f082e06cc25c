package dev.flywheel.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flywheel.local.runtime.InvocationResult;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code bench-cold-start}'s first responses read and write, so that every cold start it times ends in the
 * success path of real work, the same work in every run and for the plain handlers beside the functions. Without
 * it the lookups answered 404 (nothing stored), a plain worker's item without the capability's attributes made
 * orders-api answer 500 and orders-worker fail its batch, and every run of a worker after the first met its order
 * already stored, a redelivery.
 * <ul>
 *   <li>{@link #SEED}: the records the lookups read (user-ada, SKU-1, the order ...Y6) are stored first, by the
 *       functions themselves from the fixtures' create events;</li>
 *   <li>{@link #withFreshIds}: every run of a queue worker gets its fixture with fresh ids: a new order to store,
 *       reserve or capture;</li>
 *   <li>{@link #requireSuccess}: every answer is checked, so an error path is never reported as a cold start.</li>
 * </ul>
 */
final class ColdStartFixtures {
    /** Function and fixture, in order: a user, a product with stock, then an order of that user for that product. */
    static final List<Map.Entry<String, String>> SEED = List.of(
            Map.entry("users-api", "events/users/post-user.json"),
            Map.entry("inventory-api", "events/inventory/put-product.json"),
            Map.entry("orders-worker", "events/orders/sqs-order-placed.json"));

    /** Every id in the fixtures (the order, and the ids of the events and commands about it) starts so (events/). */
    private static final Pattern FIXTURE_ID = Pattern.compile("01KAQ3Z5M8N2P4R6T8V0W2X4[0-9A-HJKMNP-TV-Z]{2}");
    private static final String CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Random RANDOM = new SecureRandom();

    private ColdStartFixtures() {}

    /** A queue batch is given fresh ids (each fixture id its own, the same wherever it occurs); other events are kept. */
    static byte[] forRun(byte[] event) {
        return isQueueBatch(event) ? withFreshIds(event) : event;
    }

    static byte[] withFreshIds(byte[] event) {
        Map<String, String> fresh = new HashMap<>();
        Matcher ids = FIXTURE_ID.matcher(new String(event, StandardCharsets.UTF_8));
        return ids.replaceAll(match -> fresh.computeIfAbsent(match.group(), id -> ulidShaped())).getBytes(StandardCharsets.UTF_8);
    }

    /** Throws unless the function answered with success: a 2xx for an HTTP event, no failed item for a queue batch. */
    static void requireSuccess(String function, InvocationResult result) {
        if (!result.succeeded()) throw new IllegalStateException(function + ": " + result.status() + " " + result.message());
        JsonNode answer;
        try {
            answer = JSON.readTree(result.payload());
        } catch (IOException e) {
            throw new IllegalStateException(function + ": its answer is not JSON: " + e.getMessage(), e);
        }
        if (answer.has("statusCode") && answer.get("statusCode").asInt() / 100 != 2)
            throw new IllegalStateException(function + " answered " + answer.get("statusCode") + ": " + answer.path("body").asText());
        if (answer.path("batchItemFailures").size() > 0)
            throw new IllegalStateException(function + " failed items of its batch: " + answer.get("batchItemFailures"));
    }

    private static boolean isQueueBatch(byte[] event) {
        try {
            return JSON.readTree(event).has("Records");
        } catch (IOException e) {
            throw new IllegalArgumentException("fixture is not JSON: " + e.getMessage(), e);
        }
    }

    /** 26 Crockford base32 characters, the first within a ULID's 48-bit time range: what the functions' schemas accept. */
    private static String ulidShaped() {
        char[] id = new char[26];
        id[0] = CROCKFORD.charAt(RANDOM.nextInt(8));
        for (int i = 1; i < id.length; i++) id[i] = CROCKFORD.charAt(RANDOM.nextInt(32));
        return new String(id);
    }
}

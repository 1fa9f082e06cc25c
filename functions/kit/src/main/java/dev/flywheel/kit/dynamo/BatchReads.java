package dev.flywheel.kit.dynamo;

import dev.flywheel.kit.retry.Backoff;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Many items of one table by key, in BatchGetItem calls of at most 100 keys. What DynamoDB leaves unprocessed (it
 * does when a partition is throttled) is asked for again after an exponential backoff, a bounded number of times,
 * as AWS advises: an endless loop of immediate retries would only add to the throttling.
 */
public final class BatchReads {
    private static final int MAX_KEYS = 100;
    private static final int ATTEMPTS = 6;

    private BatchReads() {}

    /** @return the items that exist, in no particular order */
    public static List<Map<String, AttributeValue>> items(DynamoDbClient dynamo, String table, List<Map<String, AttributeValue>> keys,
                                                          boolean consistent) {
        return items(dynamo, table, keys, request -> request.consistentRead(consistent));
    }

    /**
     * @param shape sets the rest of each request for the table (consistency, projection)
     * @return the items that exist, in no particular order
     * @throws IllegalStateException when keys are still unprocessed after the last attempt
     */
    public static List<Map<String, AttributeValue>> items(DynamoDbClient dynamo, String table, List<Map<String, AttributeValue>> keys,
                                                          Consumer<KeysAndAttributes.Builder> shape) {
        List<Map<String, AttributeValue>> found = new ArrayList<>();
        for (int from = 0; from < keys.size(); from += MAX_KEYS) {
            KeysAndAttributes.Builder slice = KeysAndAttributes.builder().keys(keys.subList(from, Math.min(keys.size(), from + MAX_KEYS)));
            shape.accept(slice);
            Map<String, KeysAndAttributes> request = Map.of(table, slice.build());
            for (int attempt = 1; !request.isEmpty(); attempt++) {
                if (attempt > ATTEMPTS) {
                    throw new IllegalStateException("DynamoDB left " + request.get(table).keys().size() + " keys of " + table
                            + " unread after " + ATTEMPTS + " attempts");
                }
                if (attempt > 1) pause(Backoff.exponential(Duration.ofMillis(20), attempt - 1, Duration.ofMillis(500)));
                Map<String, KeysAndAttributes> asked = request;
                var response = dynamo.batchGetItem(b -> b.requestItems(asked));
                found.addAll(response.responses().getOrDefault(table, List.of()));
                request = response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
            }
        }
        return found;
    }

    private static void pause(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading a batch of items", e);
        }
    }
}

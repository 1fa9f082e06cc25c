package dev.flywheel.kit.dynamo;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The retry rules of {@link BatchReads}, against a stand-in for DynamoDB that leaves keys unprocessed as a throttled
 * table does (the embedded engine never does, so the ITs cannot reach this path).
 */
class BatchReadsTest {
    private static List<Map<String, AttributeValue>> keys(int n) {
        return IntStream.range(0, n).mapToObj(i -> Map.of("id", AttributeValue.fromS("k" + i))).toList();
    }

    /** Answers each call with its keys as items, except that the first {@code stingyCalls} calls leave half unprocessed. */
    private static final class Stingy implements DynamoDbClient {
        final List<Integer> askedPerCall = new ArrayList<>();
        final int stingyCalls;

        Stingy(int stingyCalls) { this.stingyCalls = stingyCalls; }

        @Override
        public BatchGetItemResponse batchGetItem(BatchGetItemRequest request) {
            KeysAndAttributes asked = request.requestItems().get("t");
            askedPerCall.add(asked.keys().size());
            assertTrue(asked.consistentRead(), "the caller's shape is kept on every attempt");
            List<Map<String, AttributeValue>> keys = asked.keys();
            int answered = askedPerCall.size() <= stingyCalls ? keys.size() / 2 : keys.size();
            BatchGetItemResponse.Builder response = BatchGetItemResponse.builder().responses(Map.of("t", keys.subList(0, answered)));
            if (answered < keys.size()) response.unprocessedKeys(Map.of("t", asked.toBuilder().keys(keys.subList(answered, keys.size())).build()));
            return response.build();
        }

        @Override public String serviceName() { return "dynamodb"; }
        @Override public void close() { }
    }

    @Test
    void unprocessedKeysAreAskedForAgainUntilEveryItemIsRead() {
        Stingy dynamo = new Stingy(2);
        assertEquals(150, BatchReads.items(dynamo, "t", keys(150), true).size());
        assertEquals(List.of(100, 50, 25, 50), dynamo.askedPerCall, "a slice of 100 keys asked for again twice, then the last 50");
    }

    @Test
    void aTableThatKeepsLeavingKeysUnprocessedIsAnErrorAfterTheLastAttempt() {
        Stingy dynamo = new Stingy(Integer.MAX_VALUE);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> BatchReads.items(dynamo, "t", keys(64), true));
        assertEquals(6, dynamo.askedPerCall.size());
        assertTrue(e.getMessage().contains("left 1 keys of t unread after 6 attempts"), e.getMessage());
    }
}

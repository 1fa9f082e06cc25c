package dev.flywheel.orders.adapters;

import dev.flywheel.kit.dynamo.ConditionalWrites;
import dev.flywheel.orders.domain.OrderRequests;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import static dev.flywheel.kit.dynamo.Items.n;
import static dev.flywheel.kit.dynamo.Items.s;
import static dev.flywheel.kit.dynamo.Items.string;

/**
 * Idempotency-Key claims in {@code order-requests} (key: userId#key), a conditional put per key. The TTL
 * attribute lets DynamoDB drop them after {@code keep}; correctness never depends on when it does.
 */
public final class DynamoOrderRequests implements OrderRequests {
    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;
    private final Duration keep;

    public DynamoOrderRequests(DynamoDbClient dynamo, String table, Clock clock, Duration keep) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
        this.keep = keep;
    }

    @Override
    public Claim claim(String requestKey, String requestHash, String orderId) {
        Map<String, AttributeValue> item = Map.of("requestKey", s(requestKey), "requestHash", s(requestHash), "orderId", s(orderId),
                "createdAt", s(clock.instant().toString()), "expiresAt", n(clock.instant().plus(keep).getEpochSecond()));
        if (ConditionalWrites.putIfAbsent(dynamo, table, "requestKey", item)) return new Claim(orderId, requestHash, true);
        Map<String, AttributeValue> existing = dynamo.getItem(b -> b.tableName(table).key(Map.of("requestKey", s(requestKey))).consistentRead(true)).item();
        return new Claim(string(existing, "orderId"), string(existing, "requestHash"), false);
    }
}

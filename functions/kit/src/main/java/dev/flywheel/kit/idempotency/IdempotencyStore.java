package dev.flywheel.kit.idempotency;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.Supplier;

import static dev.flywheel.kit.dynamo.Items.n;
import static dev.flywheel.kit.dynamo.Items.s;

/**
 * Runs an operation whose effect leaves our tables (a payment capture) at most once per key, on Powertools'
 * idempotency design: a record goes INPROGRESS (with a short in-progress expiry, in case the function dies
 * mid-call), then COMPLETED with the operation's result and a TTL; a repeat gets the stored result, a
 * concurrent repeat gets {@link InProgressException}, a repeat with another payload gets
 * {@link PayloadMismatchException}. If the operation throws, the record is removed so a retry can run it.
 *
 * <p>DESIGN.md §3.3: only where idempotency cannot come from a conditional write on our own natural keys;
 * every record is a paid write.
 */
public final class IdempotencyStore {
    static final String INPROGRESS = "INPROGRESS";
    static final String COMPLETED = "COMPLETED";

    private final DynamoDbClient dynamo;
    private final String table;
    private final Duration expiry;
    private final Duration inProgressExpiry;
    private final Clock clock;

    public IdempotencyStore(DynamoDbClient dynamo, String table, Duration expiry, Duration inProgressExpiry, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.expiry = expiry;
        this.inProgressExpiry = inProgressExpiry;
        this.clock = clock;
    }

    /** @return the operation's result: computed now, or stored by an earlier run with the same key */
    public String execute(String key, String payload, Supplier<String> operation) {
        String hash = sha256(payload);
        long nowMillis = clock.millis();
        try {
            dynamo.putItem(b -> b.tableName(table)
                    .item(Map.of("id", s(key), "status", s(INPROGRESS), "payloadHash", s(hash),
                            "inProgressExpiry", n(nowMillis + inProgressExpiry.toMillis()),
                            "expiration", n(nowMillis / 1000 + expiry.toSeconds())))
                    .conditionExpression("attribute_not_exists(id) OR expiration < :now OR (#status = :inprogress AND inProgressExpiry < :nowMillis)")
                    .expressionAttributeNames(Map.of("#status", "status"))
                    .expressionAttributeValues(Map.of(":now", n(nowMillis / 1000), ":inprogress", s(INPROGRESS), ":nowMillis", n(nowMillis)))
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
        } catch (ConditionalCheckFailedException e) {
            return existing(key, hash, e.hasItem() ? e.item() : read(key));
        }
        String result;
        try {
            result = operation.get();
        } catch (RuntimeException e) {
            release(key);
            throw e;
        }
        dynamo.updateItem(b -> b.tableName(table).key(Map.of("id", s(key)))
                .updateExpression("SET #status = :completed, #data = :data, expiration = :expiration REMOVE inProgressExpiry")
                .expressionAttributeNames(Map.of("#status", "status", "#data", "data"))
                .expressionAttributeValues(Map.of(":completed", s(COMPLETED), ":data", s(result),
                        ":expiration", n(clock.millis() / 1000 + expiry.toSeconds()))));
        return result;
    }

    private String existing(String key, String hash, Map<String, AttributeValue> item) {
        if (item == null || item.isEmpty()) throw new InProgressException(key); // vanished between calls: try again
        if (!hash.equals(item.get("payloadHash").s())) throw new PayloadMismatchException(key);
        if (COMPLETED.equals(item.get("status").s())) return item.get("data").s();
        throw new InProgressException(key);
    }

    private Map<String, AttributeValue> read(String key) {
        return dynamo.getItem(b -> b.tableName(table).key(Map.of("id", s(key))).consistentRead(true)).item();
    }

    private void release(String key) {
        try {
            dynamo.deleteItem(b -> b.tableName(table).key(Map.of("id", s(key)))
                    .conditionExpression("#status = :inprogress")
                    .expressionAttributeNames(Map.of("#status", "status"))
                    .expressionAttributeValues(Map.of(":inprogress", s(INPROGRESS))));
        } catch (RuntimeException ignored) {
            // the in-progress expiry frees the key anyway
        }
    }

    public static String sha256(String payload) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(payload.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Another execution with this key is running (or died less than the in-progress expiry ago). */
    public static final class InProgressException extends RuntimeException {
        public InProgressException(String key) { super("an operation with idempotency key " + key + " is in progress"); }
    }

    /** The key was used before with a different payload: a client or programming error, never retried. */
    public static final class PayloadMismatchException extends RuntimeException {
        public PayloadMismatchException(String key) { super("idempotency key " + key + " was used with a different payload"); }
    }
}

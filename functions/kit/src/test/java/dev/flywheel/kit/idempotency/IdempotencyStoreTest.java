package dev.flywheel.kit.idempotency;

import dev.flywheel.local.emulators.EmbeddedEmulators;
import dev.flywheel.local.emulators.LocalAws;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The store's states on the embedded DynamoDB engine: once per key, repeat gets the stored result, mismatch and in-progress refused. */
class IdempotencyStoreTest {
    private static EmbeddedEmulators emulators;
    private static DynamoDbClient dynamo;

    @BeforeAll
    static void start() {
        emulators = EmbeddedEmulators.start(0, 0);
        dynamo = LocalAws.dynamo(emulators.endpoints());
        dynamo.createTable(b -> b.tableName("idem").billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(a -> a.attributeName("id").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("id").keyType(software.amazon.awssdk.services.dynamodb.model.KeyType.HASH)));
    }

    @AfterAll
    static void stop() {
        dynamo.close();
        emulators.close();
    }

    private final AtomicInteger calls = new AtomicInteger();

    private IdempotencyStore store(Clock clock) {
        return new IdempotencyStore(dynamo, "idem", Duration.ofDays(1), Duration.ofSeconds(30), clock);
    }

    private String charge() {
        return "result-" + calls.incrementAndGet();
    }

    @Test
    void runsOncePerKeyAndRepeatsGetTheStoredResult() {
        IdempotencyStore store = store(Clock.systemUTC());
        assertEquals("result-1", store.execute("k1", "payload", this::charge));
        assertEquals("result-1", store.execute("k1", "payload", this::charge));
        assertEquals(1, calls.get());
        assertEquals("COMPLETED", dynamo.getItem(b -> b.tableName("idem").key(Map.of("id", AttributeValue.fromS("k1")))).item().get("status").s());
    }

    @Test
    void aDifferentPayloadUnderTheSameKeyIsRefused() {
        IdempotencyStore store = store(Clock.systemUTC());
        store.execute("k2", "payload-a", this::charge);
        assertThrows(IdempotencyStore.PayloadMismatchException.class, () -> store.execute("k2", "payload-b", this::charge));
    }

    @Test
    void aFailedOperationFreesTheKeyForARetry() {
        IdempotencyStore store = store(Clock.systemUTC());
        assertThrows(IllegalStateException.class, () -> store.execute("k3", "p", () -> { throw new IllegalStateException("provider down"); }));
        assertEquals("result-1", store.execute("k3", "p", this::charge));
    }

    @Test
    void aConcurrentRunIsInProgressUntilItsExpiry() {
        Instant t0 = Instant.parse("2026-11-22T06:00:00Z");
        IdempotencyStore now = store(Clock.fixed(t0, ZoneOffset.UTC));
        assertThrows(IdempotencyStore.InProgressException.class, () -> now.execute("k4", "p",
                () -> now.execute("k4", "p", this::charge)), "a second run while the first is in flight");
        // a run that died mid-call (record left INPROGRESS) no longer blocks once its in-progress expiry has passed
        dynamo.putItem(b -> b.tableName("idem").item(Map.of("id", AttributeValue.fromS("k5"), "status", AttributeValue.fromS("INPROGRESS"),
                "payloadHash", AttributeValue.fromS(IdempotencyStore.sha256("p")),
                "inProgressExpiry", AttributeValue.fromN(Long.toString(t0.toEpochMilli() + 30_000)),
                "expiration", AttributeValue.fromN(Long.toString(t0.getEpochSecond() + 86_400)))));
        assertThrows(IdempotencyStore.InProgressException.class, () -> now.execute("k5", "p", this::charge));
        assertEquals("result-1", store(Clock.fixed(t0.plusSeconds(31), ZoneOffset.UTC)).execute("k5", "p", this::charge));
    }
}

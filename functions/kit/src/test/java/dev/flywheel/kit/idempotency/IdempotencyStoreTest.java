package dev.flywheel.kit.idempotency;

import dev.flywheel.kit.idempotency.PersistenceStore.Claim;
import dev.flywheel.kit.idempotency.PersistenceStore.Record;
import dev.flywheel.kit.idempotency.PersistenceStore.Status;
import dev.flywheel.local.emulators.EmbeddedEmulators;
import dev.flywheel.local.emulators.LocalAws;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The store's states on both persistence stores, so that the in-memory one that unit tests use keeps the
 * DynamoDB one's conditions: once per key, a repeat gets the stored result, mismatch and in-progress refused,
 * a failed operation frees its key, a dead run's key is free after its in-progress expiry.
 */
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

    static List<String> stores() { return List.of("dynamodb", "in-memory"); }

    private PersistenceStore records(String kind) {
        return kind.equals("dynamodb") ? new DynamoPersistenceStore(dynamo, "idem") : new InMemoryPersistenceStore();
    }

    private final AtomicInteger calls = new AtomicInteger();
    private final String run = UUID.randomUUID().toString(); // the DynamoDB table is shared by the tests

    private IdempotencyStore store(PersistenceStore records, Clock clock) {
        return new IdempotencyStore(records, Duration.ofDays(1), Duration.ofSeconds(30), clock);
    }

    private String charge() {
        return "result-" + calls.incrementAndGet();
    }

    @ParameterizedTest @MethodSource("stores")
    void runsOncePerKeyAndRepeatsGetTheStoredResult(String kind) {
        PersistenceStore records = records(kind);
        IdempotencyStore store = store(records, Clock.systemUTC());
        String key = run + "k1";
        assertEquals("result-1", store.execute(key, "payload", this::charge));
        assertEquals("result-1", store.execute(key, "payload", this::charge));
        assertEquals(1, calls.get());
        Claim held = records.putInProgress(new Record(key, Status.INPROGRESS, "h", null, 0, Long.MAX_VALUE / 2000), System.currentTimeMillis());
        assertEquals(Status.COMPLETED, assertInstanceOf(Claim.Held.class, held).existing().status());
        assertEquals("result-1", ((Claim.Held) held).existing().data());
    }

    @ParameterizedTest @MethodSource("stores")
    void aDifferentPayloadUnderTheSameKeyIsRefused(String kind) {
        IdempotencyStore store = store(records(kind), Clock.systemUTC());
        store.execute(run + "k2", "payload-a", this::charge);
        assertThrows(IdempotencyStore.PayloadMismatchException.class, () -> store.execute(run + "k2", "payload-b", this::charge));
    }

    @ParameterizedTest @MethodSource("stores")
    void aFailedOperationFreesTheKeyForARetry(String kind) {
        IdempotencyStore store = store(records(kind), Clock.systemUTC());
        assertThrows(IllegalStateException.class, () -> store.execute(run + "k3", "p", () -> { throw new IllegalStateException("provider down"); }));
        assertEquals("result-1", store.execute(run + "k3", "p", this::charge));
    }

    @ParameterizedTest @MethodSource("stores")
    void aConcurrentRunIsInProgressUntilItsExpiry(String kind) {
        PersistenceStore records = records(kind);
        Instant t0 = Instant.parse("2026-11-22T06:00:00Z");
        IdempotencyStore now = store(records, Clock.fixed(t0, ZoneOffset.UTC));
        assertThrows(IdempotencyStore.InProgressException.class, () -> now.execute(run + "k4", "p",
                () -> now.execute(run + "k4", "p", this::charge)), "a second run while the first is in flight");
        // a run that died mid-call (record left INPROGRESS) no longer blocks once its in-progress expiry has passed
        assertInstanceOf(Claim.Stored.class, records.putInProgress(new Record(run + "k5", Status.INPROGRESS, IdempotencyStore.sha256("p"), null,
                t0.toEpochMilli() + 30_000, t0.getEpochSecond() + 86_400), t0.toEpochMilli()));
        IdempotencyStore.InProgressException held = assertThrows(IdempotencyStore.InProgressException.class, () -> now.execute(run + "k5", "p", this::charge));
        assertEquals(Duration.ofSeconds(30), held.claimExpiresIn(), "a retry may take the key over in 30 s");
        assertEquals("result-1", store(records, Clock.fixed(t0.plusSeconds(31), ZoneOffset.UTC)).execute(run + "k5", "p", this::charge));
    }
}

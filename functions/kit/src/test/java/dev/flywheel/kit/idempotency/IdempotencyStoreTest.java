package dev.flywheel.kit.idempotency;

import dev.flywheel.kit.idempotency.PersistenceStore.Record;
import dev.flywheel.local.emulators.EmbeddedEmulators;
import dev.flywheel.local.emulators.LocalAws;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The store's rules on both persistence stores, so that the in-memory one that unit tests use keeps the DynamoDB
 * one's conditions: once per key, a repeat gets the recorded result, another payload is refused, a failed operation
 * records nothing, racing runs leave the first record standing, an expired record frees its key.
 */
class IdempotencyStoreTest {
    private static final Instant T0 = Instant.parse("2026-12-05T06:00:00Z");
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

    private static IdempotencyStore store(PersistenceStore records, Instant now) {
        return new IdempotencyStore(records, Duration.ofDays(1), Clock.fixed(now, ZoneOffset.UTC));
    }

    private String charge() {
        return "result-" + calls.incrementAndGet();
    }

    @ParameterizedTest @MethodSource("stores")
    void runsOncePerKeyAndRepeatsGetTheRecordedResult(String kind) {
        PersistenceStore records = records(kind);
        IdempotencyStore store = store(records, T0);
        String key = run + "k1";
        assertEquals("result-1", store.execute(key, "payload", this::charge));
        assertEquals("result-1", store.execute(key, "payload", this::charge));
        assertEquals(1, calls.get());
        assertEquals(new Record(key, IdempotencyStore.sha256("payload"), "result-1", T0.getEpochSecond() + 86_400),
                records.find(key, T0.getEpochSecond()).orElseThrow());
    }

    @ParameterizedTest @MethodSource("stores")
    void aDifferentPayloadUnderTheSameKeyIsRefused(String kind) {
        IdempotencyStore store = store(records(kind), T0);
        store.execute(run + "k2", "payload-a", this::charge);
        assertThrows(IdempotencyStore.PayloadMismatchException.class, () -> store.execute(run + "k2", "payload-b", this::charge));
        assertEquals(1, calls.get());
    }

    @ParameterizedTest @MethodSource("stores")
    void aFailedOperationRecordsNothingSoARetryRunsIt(String kind) {
        PersistenceStore records = records(kind);
        IdempotencyStore store = store(records, T0);
        assertThrows(IllegalStateException.class, () -> store.execute(run + "k3", "p", () -> { throw new IllegalStateException("provider down"); }));
        assertTrue(records.find(run + "k3", T0.getEpochSecond()).isEmpty());
        assertEquals("result-1", store.execute(run + "k3", "p", this::charge));
    }

    @ParameterizedTest @MethodSource("stores")
    void ofTwoRacingRunsTheFirstRecordStands(String kind) {
        IdempotencyStore store = store(records(kind), T0);
        String key = run + "k4";
        String[] inner = new String[1];
        // the same key delivered again while the first run waits for its answer: both run (the operation's own key,
        // at the provider, keeps that from being a second effect), and the run that records second returns the first's result
        String outer = store.execute(key, "p", () -> {
            inner[0] = store.execute(key, "p", this::charge);
            return "answer-of-the-slower-run";
        });
        assertEquals("result-1", inner[0]);
        assertEquals("result-1", outer);
        assertEquals("result-1", store.execute(key, "p", this::charge));

        String other = run + "k5";
        assertThrows(IdempotencyStore.PayloadMismatchException.class, () -> store.execute(other, "p", () -> {
            store.execute(other, "another payload", this::charge);
            return "answer";
        }), "a race with another payload is refused as a sequential repeat is");
    }

    @ParameterizedTest @MethodSource("stores")
    void anExpiredRecordFreesItsKey(String kind) {
        PersistenceStore records = records(kind);
        String key = run + "k6";
        assertEquals("result-1", store(records, T0).execute(key, "p", this::charge));
        assertEquals("result-1", store(records, T0.plus(Duration.ofDays(1))).execute(key, "p", this::charge), "live to its last second");
        // DynamoDB deletes expired items late (up to days): the store must not rely on it
        assertEquals("result-2", store(records, T0.plus(Duration.ofDays(1)).plusSeconds(1)).execute(key, "other payload", this::charge));
    }

    @Test
    void aClaimLeftInProgressByTheEarlierVersionCountsAsAbsent() {
        // until 2026-12-05 the store claimed a key (status INPROGRESS) before the call: a run killed mid-call left one
        String key = run + "k7";
        dynamo.putItem(b -> b.tableName("idem").item(Map.of("id", AttributeValue.fromS(key), "status", AttributeValue.fromS("INPROGRESS"),
                "payloadHash", AttributeValue.fromS(IdempotencyStore.sha256("p")), "inProgressExpiry", AttributeValue.fromN(String.valueOf(T0.toEpochMilli() + 60_000)),
                "expiration", AttributeValue.fromN(String.valueOf(T0.getEpochSecond() + 86_400)))));
        PersistenceStore records = new DynamoPersistenceStore(dynamo, "idem");
        assertEquals("result-1", store(records, T0).execute(key, "p", this::charge));
        assertEquals("result-1", records.find(key, T0.getEpochSecond()).orElseThrow().data());
    }
}

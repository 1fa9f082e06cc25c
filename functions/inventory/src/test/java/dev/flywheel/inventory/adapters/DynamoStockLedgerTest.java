package dev.flywheel.inventory.adapters;

import dev.flywheel.inventory.domain.Line;
import dev.flywheel.inventory.domain.PricedOrder;
import dev.flywheel.inventory.domain.ReservationOutcome;
import dev.flywheel.inventory.domain.StockLedger;
import dev.flywheel.kit.dynamo.WriteSharding;
import dev.flywheel.kit.money.Money;
import dev.flywheel.local.emulators.EmbeddedEmulators;
import dev.flywheel.local.emulators.LocalAws;
import dev.flywheel.local.provision.Provisioner;
import dev.flywheel.local.provision.Resources;
import dev.flywheel.topology.FlywheelTopology;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The stock ledger against the embedded engine: a hot SKU's shards under racing reservations are never
 * oversold, a redelivered command gets the recorded outcome and takes nothing more, and a release gives the
 * units back once (before the reservation, it stops a late one).
 */
class DynamoStockLedgerTest {
    private static final Money PRICE = new Money(100, "EUR");
    private static EmbeddedEmulators emulators;
    private static DynamoDbClient dynamo;
    private static DynamoStockLedger ledger;

    @BeforeAll
    static void start() {
        emulators = EmbeddedEmulators.start(0, 0);
        dynamo = LocalAws.dynamo(emulators.endpoints());
        // the tables as the topology defines them, made the way the platform makes them
        Resources tables;
        try (var sqs = LocalAws.sqs(emulators.endpoints())) {
            tables = new Provisioner(sqs, dynamo, "").provision(FlywheelTopology.standard());
        }
        ledger = new DynamoStockLedger(dynamo, tables.table("reservations"), tables.table("stock"), Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        dynamo.close();
        emulators.close();
    }

    private static void stock(String sku, long total, int shards) {
        long[] spread = WriteSharding.spread(total, shards);
        for (int i = 0; i < shards; i++) {
            Map<String, AttributeValue> item = Map.of("shardKey", AttributeValue.fromS(WriteSharding.shardKey(sku, i)), "sku", AttributeValue.fromS(sku),
                    "shard", AttributeValue.fromN(Integer.toString(i)), "available", AttributeValue.fromN(Long.toString(spread[i])));
            dynamo.putItem(b -> b.tableName("stock").item(item));
        }
    }

    private static long available(String sku, int shards) {
        return StockShards.read(dynamo, "stock", StockShards.keys(sku, shards), true).values().stream().mapToLong(Long::longValue).sum();
    }

    /** As the worker does: a command that lost to contention comes back later (here at once) and tries again. */
    private static ReservationOutcome reserve(String orderId, String sku, int quantity, int shards) {
        for (int delivery = 1; ; delivery++) {
            try {
                return ledger.reserve(orderId, List.of(new Line(sku, quantity)), Map.of(sku, shards), PRICE);
            } catch (StockLedger.ContentionException e) {
                if (delivery == 20) throw e;
            }
        }
    }

    @Test
    void racingReservationsOnAHotSkusShardsNeverOversellAndRedeliveriesTakeNothingMore() throws Exception {
        String sku = "HOT";
        stock(sku, 40, 4);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        Map<String, Future<ReservationOutcome>> outcomes = new HashMap<>();
        try {
            for (int i = 0; i < 60; i++) {
                String orderId = "order-hot-" + i;
                outcomes.put(orderId, pool.submit(() -> reserve(orderId, sku, 1, 4)));
            }
            Map<String, ReservationOutcome> first = new HashMap<>();
            for (var e : outcomes.entrySet()) first.put(e.getKey(), e.getValue().get());
            long reserved = first.values().stream().filter(o -> o instanceof ReservationOutcome.Reserved).count();
            assertEquals(40, reserved, "exactly the stock is reserved: " + first.values());
            assertEquals(20, first.values().stream().filter(o -> o instanceof ReservationOutcome.Rejected).count());
            assertEquals(0, available(sku, 4));

            // every command delivered again, concurrently: the recorded outcome, nothing taken or given
            List<Future<Boolean>> again = new ArrayList<>();
            for (var e : first.entrySet()) again.add(pool.submit(() -> reserve(e.getKey(), sku, 1, 4).equals(e.getValue())));
            for (Future<Boolean> f : again) assertTrue(f.get(), "a redelivery gets the first outcome");
            assertEquals(0, available(sku, 4));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aReleaseGivesTheUnitsBackOnceAndAnEarlyReleaseStopsALateReservation() {
        String sku = "REL";
        stock(sku, 10, 2);
        assertInstanceOf(ReservationOutcome.Reserved.class, reserve("order-rel-1", sku, 3, 2));
        assertEquals(7, available(sku, 2));
        assertTrue(ledger.release("order-rel-1"));
        assertFalse(ledger.release("order-rel-1"), "released once");
        assertEquals(10, available(sku, 2));

        // the release overtook the reservation (they travel on different paths): the late reservation takes nothing
        assertTrue(ledger.release("order-rel-2"));
        assertInstanceOf(ReservationOutcome.Released.class, reserve("order-rel-2", sku, 3, 2));
        assertEquals(10, available(sku, 2));
    }

    private static PricedOrder order(String orderId, String sku, int quantity, int shards) {
        return new PricedOrder(orderId, List.of(new Line(sku, quantity)), Map.of(sku, shards), PRICE);
    }

    @Test
    void aBatchReservedTogetherTakesItsStockInOneTransactionAndRedeliveriesGetTheRecordedOutcome() {
        String sku = "TOGETHER";
        stock(sku, 10, 4);
        List<PricedOrder> batch = List.of(order("order-tog-1", sku, 2, 4), order("order-tog-2", sku, 3, 4),
                order("order-tog-1", sku, 2, 4), order("order-tog-3", sku, 9, 4));

        Map<String, ReservationOutcome> outcomes = ledger.reserveTogether(batch);
        assertEquals(Map.of("order-tog-1", new ReservationOutcome.Reserved(PRICE), "order-tog-2", new ReservationOutcome.Reserved(PRICE)), outcomes,
                "the duplicate counted once; order-tog-3 (9 of the 5 left) is left to reserve alone");
        assertEquals(5, available(sku, 4));
        assertInstanceOf(ReservationOutcome.Rejected.class, reserve("order-tog-3", sku, 9, 4), "alone, it is refused on a consistent read");

        assertEquals(Map.of("order-tog-1", new ReservationOutcome.Reserved(PRICE), "order-tog-2", new ReservationOutcome.Reserved(PRICE),
                "order-tog-3", new ReservationOutcome.Rejected("not enough stock")), ledger.reserveTogether(batch), "the batch again: the records");
        assertEquals(5, available(sku, 4), "and nothing more taken");
        assertTrue(ledger.release("order-tog-2"), "each order's own allocations are recorded");
        assertEquals(8, available(sku, 4));
    }

    @Test
    void racingBatchesAndSingleReservationsNeverOversell() throws Exception {
        String sku = "HOT-TOGETHER";
        stock(sku, 50, 4);
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<Map<String, ReservationOutcome>>> batches = new ArrayList<>();
            for (int b = 0; b < 8; b++) {
                List<PricedOrder> batch = new ArrayList<>();
                for (int i = 0; i < 10; i++) batch.add(order("order-race-" + b + "-" + i, sku, 1, 4));
                batches.add(pool.submit(() -> {
                    Map<String, ReservationOutcome> decided = new HashMap<>(ledger.reserveTogether(batch));
                    // as the worker does: what the batch left out is reserved alone
                    for (PricedOrder o : batch) decided.computeIfAbsent(o.orderId(), id -> reserve(id, sku, 1, 4));
                    return decided;
                }));
            }
            long reserved = 0;
            for (Future<Map<String, ReservationOutcome>> f : batches)
                reserved += f.get().values().stream().filter(o -> o instanceof ReservationOutcome.Reserved).count();
            assertEquals(50, reserved, "exactly the stock is reserved across 80 orders");
            assertEquals(0, available(sku, 4));
        } finally {
            pool.shutdownNow();
        }
    }
}

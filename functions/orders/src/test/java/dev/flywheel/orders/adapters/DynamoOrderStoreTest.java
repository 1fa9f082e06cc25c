package dev.flywheel.orders.adapters;

import dev.flywheel.kit.envelope.Hop;
import dev.flywheel.kit.money.Money;
import dev.flywheel.local.emulators.EmbeddedEmulators;
import dev.flywheel.local.emulators.LocalAws;
import dev.flywheel.local.provision.Provisioner;
import dev.flywheel.local.provision.Resources;
import dev.flywheel.topology.FlywheelTopology;
import dev.flywheel.orders.domain.Order;
import dev.flywheel.orders.domain.OrderLine;
import dev.flywheel.orders.domain.OrderStatus;
import dev.flywheel.orders.domain.OrderStore;
import dev.flywheel.orders.domain.OrderStore.Page;
import dev.flywheel.orders.domain.OrderStore.Position;
import dev.flywheel.orders.domain.OrderStore.Changes;
import dev.flywheel.orders.domain.OrderStore.Transition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The order store against the embedded engine: an order is created once, a saga step moves it only from the
 * states it names (so a redelivered or late event changes nothing), a step adds only what it carries, of
 * racing steps exactly one wins, and a user's orders are paged newest first through the byUser index.
 */
class DynamoOrderStoreTest {
    private static final Instant CREATED = Instant.parse("2026-12-03T08:00:00Z");
    private static final Instant STEPPED = Instant.parse("2026-12-03T08:00:05Z");
    private static EmbeddedEmulators emulators;
    private static DynamoDbClient dynamo;
    private static DynamoOrderStore store;
    private static String ordersTable;

    @BeforeAll
    static void start() {
        emulators = EmbeddedEmulators.start(0, 0);
        dynamo = LocalAws.dynamo(emulators.endpoints());
        // the orders table as the topology defines it (with its byUser index), made the way the platform makes it
        Resources tables;
        try (var sqs = LocalAws.sqs(emulators.endpoints())) {
            tables = new Provisioner(sqs, dynamo, "").provision(FlywheelTopology.standard());
        }
        ordersTable = tables.table("orders");
        store = new DynamoOrderStore(dynamo, ordersTable, Clock.fixed(STEPPED, ZoneOffset.UTC));
    }

    @AfterAll
    static void stop() {
        if (dynamo != null) dynamo.close();
        if (emulators != null) emulators.close();
    }

    @Test
    void aRehearsedPlaceWritesNothing() {
        Order sample = SqsOrderIntake.primingSample(CREATED);
        store.rehearsePlace(sample);
        assertTrue(store.find(sample.orderId()).isEmpty(), "the rehearsal's condition can never hold: nothing is stored");
        assertEquals(0, dynamo.scan(b -> b.tableName(ordersTable).filterExpression("userId = :u")
                .expressionAttributeValues(Map.of(":u", AttributeValue.fromS(sample.userId())))).count(), "no order of the priming user");
    }

    private static Order pending(String userId) {
        return new Order("ord-" + UUID.randomUUID(), userId, OrderStatus.PENDING, List.of(new OrderLine("SKU-1", 2), new OrderLine("SKU-2", 1)),
                null, null, null, CREATED, CREATED, List.of(new Hop("orders-api", CREATED, CREATED.plusMillis(4))));
    }

    @Test
    void anOrderPlacedWithAKeyIsStoredOnceAndARepeatFindsItWithItsRequestsHash() {
        Order order = pending("ada");
        assertTrue(store.place(order, "hash-1").isEmpty(), "stored now");
        Order repeat = new Order(order.orderId(), "ada", OrderStatus.PENDING, List.of(new OrderLine("SKU-9", 9)), null, null, null, STEPPED, STEPPED, List.of());
        OrderStore.Placed earlier = store.place(repeat, "hash-2").orElseThrow();
        assertEquals(order, earlier.order(), "the first order, whole, as DynamoDB returned it with the failed condition");
        assertEquals("hash-1", earlier.requestHash());
        assertEquals(order, store.find(order.orderId()).orElseThrow());

        Order withoutKey = pending("bob");
        assertTrue(store.create(withoutKey));
        assertNull(store.place(withoutKey, "hash-3").orElseThrow().requestHash(), "stored by the worker: no request hash");
    }

    @Test
    void anOrderIsCreatedOnceAndReadBackWhole() {
        Order order = pending("ada");
        assertTrue(store.create(order));
        assertFalse(store.create(new Order(order.orderId(), "mallory", OrderStatus.CONFIRMED, List.of(new OrderLine("SKU-9", 9)),
                null, null, null, STEPPED, STEPPED, List.of())), "a second create of the same id is refused");
        assertEquals(order, store.find(order.orderId()).orElseThrow(), "the first one, whole: lines, times, hops");
        assertTrue(store.find("ord-nobody").isEmpty());
    }

    @Test
    void aStepMovesTheOrderOnlyFromTheStatesItNamesAndOnlyOnce() {
        Order order = pending("bob");
        store.create(order);
        List<Hop> hops = List.of(new Hop("orders-api", CREATED, CREATED.plusMillis(4)), new Hop("payments-worker", STEPPED, STEPPED.plusMillis(30)));
        Changes paid = new Changes(new Money(2_997, "EUR"), null, "cap-1", hops);
        assertEquals(Transition.APPLIED, store.transition(order.orderId(), OrderStatus.BEFORE_PAYMENT, OrderStatus.CONFIRMED, paid));
        Order confirmed = store.find(order.orderId()).orElseThrow();
        assertEquals(OrderStatus.CONFIRMED, confirmed.status());
        assertEquals(new Money(2_997, "EUR"), confirmed.amount());
        assertEquals("cap-1", confirmed.captureId());
        assertEquals(hops, confirmed.hops());
        assertEquals(STEPPED, confirmed.updatedAt(), "updatedAt is the store's clock");
        assertEquals(CREATED, confirmed.createdAt());

        // the same event redelivered, and a late one that would cancel: neither finds the order in a state it names
        assertEquals(Transition.NOT_IN_STATE, store.transition(order.orderId(), OrderStatus.BEFORE_PAYMENT, OrderStatus.CONFIRMED, paid));
        assertEquals(Transition.NOT_IN_STATE, store.transition(order.orderId(), OrderStatus.BEFORE_PAYMENT, OrderStatus.CANCELLED,
                new Changes(null, "declined", null, null)));
        assertEquals(confirmed, store.find(order.orderId()).orElseThrow(), "nothing changed");
    }

    @Test
    void aStepKeepsWhatItDoesNotCarry() {
        Order order = pending("cy");
        store.create(order);
        assertEquals(Transition.APPLIED, store.transition(order.orderId(), Set.of(OrderStatus.PENDING), OrderStatus.RESERVED,
                new Changes(new Money(500, "EUR"), null, null, null)));
        assertEquals(Transition.APPLIED, store.transition(order.orderId(), Set.of(OrderStatus.RESERVED), OrderStatus.CANCELLED,
                new Changes(null, "payment declined", null, null)));
        Order cancelled = store.find(order.orderId()).orElseThrow();
        assertEquals(OrderStatus.CANCELLED, cancelled.status());
        assertEquals(new Money(500, "EUR"), cancelled.amount(), "the amount priced at reservation stays");
        assertEquals("payment declined", cancelled.reason());
        assertNull(cancelled.captureId());
        assertEquals(order.hops(), cancelled.hops(), "no hops carried: the stored ones stay");
    }

    @Test
    void aStepForAnOrderNotStoredIsMissingAndStoresNothing() {
        assertEquals(Transition.MISSING, store.transition("ord-never", OrderStatus.BEFORE_RESERVATION, OrderStatus.REJECTED,
                new Changes(null, "out of stock", null, null)));
        assertTrue(store.find("ord-never").isEmpty(), "a transition creates no order");
    }

    @Test
    void ofRacingStepsExactlyOneWins() throws Exception {
        Order order = pending("dee");
        store.create(order);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Transition>> results = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            OrderStatus to = i % 2 == 0 ? OrderStatus.CONFIRMED : OrderStatus.CANCELLED;
            String capture = "cap-" + i;
            results.add(pool.submit(() -> store.transition(order.orderId(), OrderStatus.BEFORE_PAYMENT, to,
                    new Changes(null, to == OrderStatus.CANCELLED ? "declined" : null, to == OrderStatus.CONFIRMED ? capture : null, null))));
        }
        pool.shutdown();
        int applied = 0;
        for (Future<Transition> r : results) if (r.get() == Transition.APPLIED) applied++;
        assertEquals(1, applied, "one step moved the order");
        Order after = store.find(order.orderId()).orElseThrow();
        assertTrue(after.status() == OrderStatus.CONFIRMED ? after.captureId() != null && after.reason() == null
                : after.status() == OrderStatus.CANCELLED && after.captureId() == null && "declined".equals(after.reason()),
                "the winner's changes alone: " + after);
    }

    /**
     * 25 orders of one user (five in the same second, and times whose plain ISO forms would sort wrongly as text),
     * interleaved with another user's, read in pages of 10 through the keys-only index and BatchGetItem.
     */
    @Test
    void aUsersOrdersArePagedNewestFirstThroughTheIndex() {
        String user = "pager-" + UUID.randomUUID();
        List<String> newestFirst = new ArrayList<>();
        for (int i = 24; i >= 0; i--) {
            // every fifth one on a whole second ("…:04Z"), the others within it ("…:04.8Z", "…:04.2Z"): string order ≠ time order
            Instant at = CREATED.plusSeconds(i / 5).plusMillis(i % 5 == 0 ? 0 : 1000 - 200L * (i % 5));
            newestFirst.add(0, "ord-" + user + "-" + i);
            store.create(new Order("ord-" + user + "-" + i, user, OrderStatus.PENDING, List.of(new OrderLine("SKU-1", 1)), null, null, null,
                    at, at, List.of()));
            store.create(pending("someone-else"));
        }
        newestFirst.sort(java.util.Comparator.comparing((String id) -> store.find(id).orElseThrow().createdAt()).reversed());

        List<String> seen = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        Position after = null;
        do {
            Page page = store.byUser(user, 10, after);
            page.orders().forEach(o -> seen.add(o.orderId()));
            sizes.add(page.orders().size());
            assertTrue(page.orders().stream().allMatch(o -> o.userId().equals(user) && o.hops().isEmpty()), "hers, without hops");
            after = page.next().orElse(null);
        } while (after != null && sizes.size() < 10);
        assertEquals(List.of(10, 10, 5), sizes);
        assertEquals(newestFirst, seen, "each once, newest first");

        Page whole = store.byUser(user, 25, null);
        assertEquals(25, whole.orders().size());
        assertTrue(whole.next().isEmpty(), "a full last page has no next position");
        assertTrue(store.byUser("nobody-" + UUID.randomUUID(), 10, null).orders().isEmpty());
    }
}

package dev.flywheel.orders.domain;

import dev.flywheel.kit.envelope.Ids;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlaceOrderTest {
    private record Queued(String orderId, boolean stored) {}

    private final List<Queued> submitted = new ArrayList<>();
    private final InMemoryOrderStore orders = new InMemoryOrderStore();
    private final PlaceOrder placeOrder = new PlaceOrder(skus -> skus.contains("NOPE") ? Set.of("NOPE") : Set.of(), orders,
            (orderId, userId, items, token, correlationId, at, stored) -> submitted.add(new Queued(orderId, stored)));
    private final List<OrderLine> items = List.of(new OrderLine("SKU-1", 1));

    private PlaceOrder.Accepted place(String user, Optional<String> key, String hash) {
        return placeOrder.place(user, items, "tok_visa", key.map(k -> new PlaceOrder.IdempotencyKey(k, hash)), "corr", Instant.now());
    }

    private PlaceOrder.Accepted place(Optional<String> key, String hash) {
        return place("u1", key, hash);
    }

    @Test
    void withoutAKeyEachOrderGetsANewIdAndIsQueuedForTheWorkerToStore() {
        var a = place(Optional.empty(), "h");
        var b = place(Optional.empty(), "h");
        assertFalse(a.orderId().equals(b.orderId()));
        assertEquals(List.of(new Queued(a.orderId(), false), new Queued(b.orderId(), false)), submitted);
        assertTrue(orders.orders.isEmpty(), "nothing written on the accept path");
    }

    @Test
    void withAKeyTheOrderIsTheClaimStoredOnceAndQueuedAsStored() {
        var first = place(Optional.of("k1"), "h1");
        assertFalse(first.replayed());
        assertTrue(Ids.isUlid(first.orderId()), first.orderId());
        assertEquals(OrderStatus.PENDING, orders.find(first.orderId()).orElseThrow().status());
        assertEquals(List.of(new Queued(first.orderId(), true)), submitted);

        var again = place(Optional.of("k1"), "h1");
        assertEquals(first.orderId(), again.orderId());
        assertTrue(again.replayed());
        assertEquals(1, orders.orders.size());
        assertFalse(place("u2", Optional.of("k1"), "h1").orderId().equals(first.orderId()), "another user's key is another order");
    }

    @Test
    void aReplayQueuesAgainOnlyWhileTheOrderWaits() {
        var first = place(Optional.of("k1"), "h1");
        place(Optional.of("k1"), "h1");
        assertEquals(2, submitted.size(), "still PENDING: the first send may have been lost");
        orders.transition(first.orderId(), EnumSet.of(OrderStatus.PENDING), OrderStatus.CONFIRMED, new OrderStore.Changes(null, null, "cap_1", null));
        place(Optional.of("k1"), "h1");
        assertEquals(2, submitted.size(), "moved on: nothing more to send");
    }

    @Test
    void theSameKeyWithAnotherBodyIsRefused() {
        place(Optional.of("k1"), "h1");
        assertThrows(PlaceOrder.KeyReused.class, () -> place(Optional.of("k1"), "h2"));
        assertEquals(1, submitted.size());
    }

    @Test
    void unknownAndRepeatedSkusAreRefusedBeforeAnythingIsStoredOrQueued() {
        assertThrows(PlaceOrder.InvalidOrder.class, () -> placeOrder.place("u1", List.of(new OrderLine("NOPE", 1)), "tok",
                Optional.of(new PlaceOrder.IdempotencyKey("k", "h")), "c", Instant.now()));
        assertThrows(PlaceOrder.InvalidOrder.class, () -> placeOrder.place("u1", List.of(new OrderLine("A", 1), new OrderLine("A", 2)), "tok", Optional.empty(), "c",
                Instant.now()));
        assertTrue(submitted.isEmpty());
        assertTrue(orders.orders.isEmpty());
    }
}

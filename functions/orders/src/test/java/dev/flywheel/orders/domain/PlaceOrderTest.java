package dev.flywheel.orders.domain;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlaceOrderTest {
    private final List<String> submitted = new ArrayList<>();
    private final Map<String, OrderRequests.Claim> claims = new ConcurrentHashMap<>();
    private final InMemoryOrderStore orders = new InMemoryOrderStore();
    private final OrderRequests requests = (key, hash, orderId) -> {
        OrderRequests.Claim mine = new OrderRequests.Claim(orderId, hash, true);
        OrderRequests.Claim existing = claims.putIfAbsent(key, mine);
        return existing == null ? mine : new OrderRequests.Claim(existing.orderId(), existing.requestHash(), false);
    };
    private final PlaceOrder placeOrder = new PlaceOrder(skus -> skus.contains("NOPE") ? Set.of("NOPE") : Set.of(), requests, orders,
            (orderId, userId, items, token, correlationId, at) -> submitted.add(orderId));
    private final List<OrderLine> items = List.of(new OrderLine("SKU-1", 1));

    private PlaceOrder.Accepted place(Optional<String> key, String hash) {
        return placeOrder.place("u1", items, "tok_visa", key, hash, "corr", Instant.now());
    }

    @Test
    void eachOrderGetsANewIdAndIsQueued() {
        var a = place(Optional.empty(), "h");
        var b = place(Optional.empty(), "h");
        assertFalse(a.orderId().equals(b.orderId()));
        assertEquals(List.of(a.orderId(), b.orderId()), submitted);
    }

    @Test
    void theSameKeyAndBodyGiveTheSameOrder() {
        var first = place(Optional.of("k1"), "h1");
        var again = place(Optional.of("k1"), "h1");
        assertEquals(first.orderId(), again.orderId());
        assertTrue(again.replayed());
    }

    @Test
    void aReplayQueuesAgainOnlyIfTheOrderWasNeverStored() {
        var first = place(Optional.of("k1"), "h1");
        place(Optional.of("k1"), "h1");
        assertEquals(2, submitted.size(), "not stored yet: the first send may have been lost");
        orders.create(new Order(first.orderId(), "u1", OrderStatus.PENDING, items, null, null, null, Instant.now(), Instant.now(), List.of()));
        place(Optional.of("k1"), "h1");
        assertEquals(2, submitted.size(), "stored: nothing more to send");
    }

    @Test
    void theSameKeyWithAnotherBodyIsRefused() {
        place(Optional.of("k1"), "h1");
        assertThrows(PlaceOrder.KeyReused.class, () -> place(Optional.of("k1"), "h2"));
    }

    @Test
    void unknownAndRepeatedSkusAreRefusedBeforeAnythingIsQueued() {
        assertThrows(PlaceOrder.InvalidOrder.class, () -> placeOrder.place("u1", List.of(new OrderLine("NOPE", 1)), "tok", Optional.empty(), "h", "c", Instant.now()));
        assertThrows(PlaceOrder.InvalidOrder.class, () -> placeOrder.place("u1", List.of(new OrderLine("A", 1), new OrderLine("A", 2)), "tok", Optional.empty(), "h", "c",
                Instant.now()));
        assertTrue(submitted.isEmpty());
    }
}

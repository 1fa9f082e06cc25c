package dev.flywheel.orders.domain;

import dev.flywheel.kit.envelope.Ids;
import dev.flywheel.kit.idempotency.IdempotencyStore;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Accepting an order at the API: check it, give it an id, queue it. Without an Idempotency-Key nothing is written
 * on this path: orders-worker stores the order. With one, the key must be claimed before the 202, and the claim is
 * the order itself: its id is derived from the user and the key, the API stores it (PENDING) with a conditional put,
 * and a repeat finds it there with the hash of the request that placed it. One write instead of a claim record and
 * then the order.
 */
public final class PlaceOrder {
    private final ProductCatalog catalog;
    private final OrderStore orders;
    private final OrderIntake intake;

    public PlaceOrder(ProductCatalog catalog, OrderStore orders, OrderIntake intake) {
        this.catalog = catalog;
        this.orders = orders;
        this.intake = intake;
    }

    public record Accepted(String orderId, boolean replayed) {}

    /**
     * The client's Idempotency-Key and the hash of the request it came with ({@link #hash}): a repeat must carry the
     * same body. Computed only when there is a key: an order without one is never compared.
     */
    public record IdempotencyKey(String key, String requestHash) {}

    /** An order that breaks a rule the schema cannot express. */
    public static final class InvalidOrder extends RuntimeException {
        public InvalidOrder(String message) { super(message); }
    }

    /** The Idempotency-Key was used before for a different request. */
    public static final class KeyReused extends RuntimeException {
        public KeyReused(String key) { super("Idempotency-Key " + key + " was already used with a different request"); }
    }

    /**
     * @throws InvalidOrder for a repeated SKU or SKUs not in the catalog
     * @throws KeyReused    for the same key with another body
     */
    public Accepted place(String userId, List<OrderLine> items, String paymentToken, Optional<IdempotencyKey> idempotencyKey,
                          String correlationId, Instant receivedAt) {
        Set<String> skus = new HashSet<>();
        for (OrderLine line : items) if (!skus.add(line.sku())) throw new InvalidOrder("SKU " + line.sku() + " appears twice: put it on one line");
        Set<String> unknown = catalog.unknown(skus);
        if (!unknown.isEmpty()) throw new InvalidOrder("unknown SKU(s): " + String.join(", ", unknown.stream().sorted().toList()));

        if (idempotencyKey.isEmpty()) {
            String orderId = Ids.next();
            intake.submit(orderId, userId, items, paymentToken, correlationId, receivedAt, false);
            return new Accepted(orderId, false);
        }
        String key = idempotencyKey.get().key(), requestHash = idempotencyKey.get().requestHash();
        String orderId = Ids.derived("order#" + userId + "#" + key);
        Order order = new Order(orderId, userId, OrderStatus.PENDING, items, null, null, null, receivedAt, receivedAt, List.of());
        Optional<OrderStore.Placed> earlier = orders.place(order, requestHash);
        if (earlier.isEmpty()) {
            intake.submit(orderId, userId, items, paymentToken, correlationId, receivedAt, true);
            return new Accepted(orderId, false);
        }
        if (!requestHash.equals(earlier.get().requestHash())) throw new KeyReused(key);
        // the first attempt may have died between storing the order and queueing it: queue again while it waits (a
        // second OrderPlaced changes nothing: each step after it answers a repeat with what it recorded)
        if (earlier.get().order().status() == OrderStatus.PENDING) intake.submit(orderId, userId, items, paymentToken, correlationId, receivedAt, true);
        return new Accepted(orderId, true);
    }

    /** The hash that identifies "the same request" for an Idempotency-Key. */
    public static String hash(String canonicalRequest) {
        return IdempotencyStore.sha256(canonicalRequest);
    }
}

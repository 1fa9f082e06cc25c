package dev.flywheel.orders.domain;

import dev.flywheel.kit.envelope.Ids;
import dev.flywheel.kit.idempotency.IdempotencyStore;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Accepting an order at the API: check it, give it an id, queue it. Nothing is stored on the hot path except an
 * Idempotency-Key claim when the client sends one; orders-worker stores the order.
 */
public final class PlaceOrder {
    private final ProductCatalog catalog;
    private final OrderRequests requests;
    private final OrderStore orders;
    private final OrderIntake intake;

    public PlaceOrder(ProductCatalog catalog, OrderRequests requests, OrderStore orders, OrderIntake intake) {
        this.catalog = catalog;
        this.requests = requests;
        this.orders = orders;
        this.intake = intake;
    }

    public record Accepted(String orderId, boolean replayed) {}

    /** An order that breaks a rule the schema cannot express. */
    public static final class InvalidOrder extends RuntimeException {
        public InvalidOrder(String message) { super(message); }
    }

    /** The Idempotency-Key was used before for a different request. */
    public static final class KeyReused extends RuntimeException {
        public KeyReused(String key) { super("Idempotency-Key " + key + " was already used with a different request"); }
    }

    /**
     * @param requestHash a hash of the request body, compared when the key was used before
     * @throws InvalidOrder for a repeated SKU or SKUs not in the catalog
     * @throws KeyReused    for the same key with another body
     */
    public Accepted place(String userId, List<OrderLine> items, String paymentToken, Optional<String> idempotencyKey,
                          String requestHash, String correlationId, Instant receivedAt) {
        Set<String> skus = new HashSet<>();
        for (OrderLine line : items) if (!skus.add(line.sku())) throw new InvalidOrder("SKU " + line.sku() + " appears twice: put it on one line");
        Set<String> unknown = catalog.unknown(skus);
        if (!unknown.isEmpty()) throw new InvalidOrder("unknown SKU(s): " + String.join(", ", unknown.stream().sorted().toList()));

        String orderId = Ids.next();
        if (idempotencyKey.isPresent()) {
            OrderRequests.Claim claim = requests.claim(userId + "#" + idempotencyKey.get(), requestHash, orderId);
            if (!claim.requestHash().equals(requestHash)) throw new KeyReused(idempotencyKey.get());
            if (!claim.first()) {
                // the first attempt may have died between its claim and its send: queue again unless it was stored
                if (orders.find(claim.orderId()).isEmpty()) intake.submit(claim.orderId(), userId, items, paymentToken, correlationId, receivedAt);
                return new Accepted(claim.orderId(), true);
            }
        }
        intake.submit(orderId, userId, items, paymentToken, correlationId, receivedAt);
        return new Accepted(orderId, false);
    }

    /** The hash that identifies "the same request" for an Idempotency-Key. */
    public static String hash(String canonicalRequest) {
        return IdempotencyStore.sha256(canonicalRequest);
    }
}

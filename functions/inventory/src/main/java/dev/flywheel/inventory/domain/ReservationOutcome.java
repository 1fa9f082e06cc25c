package dev.flywheel.inventory.domain;

import dev.flywheel.kit.money.Money;

/** The recorded decision for an order's stock. Recorded once per order id, so a redelivery gets the same answer. */
public sealed interface ReservationOutcome {
    /** Stock is held for the order; {@code amount} is its price from the catalog. */
    record Reserved(Money amount) implements ReservationOutcome {}

    /** Not enough stock (or an unknown SKU): nothing is held. */
    record Rejected(String reason) implements ReservationOutcome {}

    /** The order's stock was given back (payment declined), or released before it was ever reserved. */
    record Released() implements ReservationOutcome {}
}

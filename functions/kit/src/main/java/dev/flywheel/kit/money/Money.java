package dev.flywheel.kit.money;

/** An amount in minor units (cents) of an ISO currency: no floating point anywhere near money. */
public record Money(long amount, String currency) {
    public Money times(int quantity) { return new Money(Math.multiplyExact(amount, quantity), currency); }

    public Money plus(Money other) {
        if (!currency.equals(other.currency)) throw new IllegalArgumentException("cannot add " + other.currency + " to " + currency);
        return new Money(Math.addExact(amount, other.amount), currency);
    }
}

package dev.flywheel.kit.idempotency;

/**
 * Port: where {@link IdempotencyStore} keeps its records (Powertools' {@code PersistenceStore} design). Each
 * operation is one conditional write, so that two executions racing for a key cannot both win it.
 * {@link DynamoPersistenceStore} keeps them in a DynamoDB table; {@link InMemoryPersistenceStore} in a map, for
 * unit tests of the code that uses the store.
 */
public interface PersistenceStore {
    enum Status { INPROGRESS, COMPLETED }

    /** One key's record; {@code data} is the operation's result once COMPLETED. */
    record Record(String key, Status status, String payloadHash, String data, long inProgressExpiryMillis, long expirationEpochSeconds) {}

    /** What {@link #putInProgress} found. */
    sealed interface Claim {
        /** The record was stored: this execution holds the key. */
        record Stored() implements Claim {}

        /** A live record holds the key. */
        record Held(Record existing) implements Claim {}

        /** The key was held when the write was tried and free when it was read: try again. */
        record Vanished() implements Claim {}
    }

    /**
     * Stores {@code record} (INPROGRESS) unless a live record holds its key: a key is free when it has no record,
     * when its record expired ({@code expirationEpochSeconds} before now), or when an execution in progress died
     * ({@code inProgressExpiryMillis} before now).
     */
    Claim putInProgress(Record record, long nowMillis);

    /** Marks the key COMPLETED with the operation's result. */
    void complete(String key, String data, long expirationEpochSeconds);

    /** Removes the key's record if it is still in progress (the operation failed: a retry may run it). Best effort. */
    void releaseInProgress(String key);
}

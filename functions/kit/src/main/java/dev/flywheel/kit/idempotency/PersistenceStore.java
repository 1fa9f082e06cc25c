package dev.flywheel.kit.idempotency;

import java.util.Optional;

/**
 * Port: where {@link IdempotencyStore} keeps its records, one per key. {@link DynamoPersistenceStore} keeps them in
 * a DynamoDB table; {@link InMemoryPersistenceStore} in a map, for unit tests of the code that uses the store.
 * A record is live until {@code expirationEpochSeconds}; after that its key is free again.
 */
public interface PersistenceStore {
    /** One key's record: the hash of the payload the operation ran with, and its result. */
    record Record(String key, String payloadHash, String data, long expirationEpochSeconds) {}

    /**
     * The key's live record, if any. The read may miss a record written a moment before (DynamoDB's eventually
     * consistent read, at half the price): the store's operations are idempotent on the key, so a miss costs a
     * repeat of the operation, never a second effect.
     */
    Optional<Record> find(String key, long nowEpochSeconds);

    /**
     * Stores {@code record} unless a live record holds its key: one conditional write, so that of two executions
     * racing for a key, one record stands.
     *
     * @return empty if stored, else the record that holds the key
     */
    Optional<Record> putIfAbsent(Record record, long nowEpochSeconds);
}

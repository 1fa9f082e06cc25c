package dev.flywheel.kit.idempotency;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Idempotency records in a map, with the same conditions as {@link DynamoPersistenceStore}: for unit tests of
 * the code that runs under an {@link IdempotencyStore}, without an emulator.
 */
public final class InMemoryPersistenceStore implements PersistenceStore {
    private final Map<String, Record> records = new ConcurrentHashMap<>();

    @Override
    public Claim putInProgress(Record record, long nowMillis) {
        Claim[] claim = new Claim[1];
        records.compute(record.key(), (key, existing) -> {
            boolean free = existing == null || existing.expirationEpochSeconds() < nowMillis / 1000
                    || existing.status() == Status.INPROGRESS && existing.inProgressExpiryMillis() < nowMillis;
            claim[0] = free ? new Claim.Stored() : new Claim.Held(existing);
            return free ? new Record(key, Status.INPROGRESS, record.payloadHash(), null, record.inProgressExpiryMillis(), record.expirationEpochSeconds()) : existing;
        });
        return claim[0];
    }

    @Override
    public void complete(String key, String data, long expirationEpochSeconds) {
        // an upsert, as DynamoDB's UpdateItem is
        records.compute(key, (k, r) -> new Record(k, Status.COMPLETED, r == null ? null : r.payloadHash(), data, 0, expirationEpochSeconds));
    }

    @Override
    public void releaseInProgress(String key) {
        records.computeIfPresent(key, (k, r) -> r.status() == Status.INPROGRESS ? null : r);
    }

    /** The key's record, if any (for assertions). */
    public Record get(String key) { return records.get(key); }
}

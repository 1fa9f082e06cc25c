package dev.flywheel.kit.idempotency;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Idempotency records in a map, with the same conditions as {@link DynamoPersistenceStore}: for unit tests of
 * the code that runs under an {@link IdempotencyStore}, without an emulator.
 */
public final class InMemoryPersistenceStore implements PersistenceStore {
    private final Map<String, Record> records = new ConcurrentHashMap<>();

    @Override
    public Optional<Record> find(String key, long nowEpochSeconds) {
        return Optional.ofNullable(records.get(key)).filter(r -> r.expirationEpochSeconds() >= nowEpochSeconds);
    }

    @Override
    public Optional<Record> putIfAbsent(Record record, long nowEpochSeconds) {
        Record[] holder = new Record[1];
        records.compute(record.key(), (key, existing) -> {
            if (existing != null && existing.expirationEpochSeconds() >= nowEpochSeconds) {
                holder[0] = existing;
                return existing;
            }
            return record;
        });
        return Optional.ofNullable(holder[0]);
    }
}

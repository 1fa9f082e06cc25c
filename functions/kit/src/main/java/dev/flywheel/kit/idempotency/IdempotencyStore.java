package dev.flywheel.kit.idempotency;

import dev.flywheel.kit.idempotency.PersistenceStore.Record;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Runs an operation whose effect leaves our tables (a payment capture) once per key, for an operation that is
 * itself idempotent on that key (a provider that honours an {@code Idempotency-Key}): a repeat gets the recorded
 * result without a call, a repeat with another payload gets {@link PayloadMismatchException}. One record per key,
 * written after the operation succeeds, with its result, the payload's hash and a TTL; an operation that throws
 * records nothing, so a retry runs it again.
 *
 * <p>Why no in-progress claim before the call (Powertools' INPROGRESS record): the claim cost a second paid write
 * on every key, and it never carried the guarantee alone: a run killed between the provider's answer and its record
 * leaves the key to a retry, which only the provider's own key keeps from charging twice. That key also covers the
 * rare concurrent repeat, which the claim used to turn away; both runs then record the provider's one answer.
 * For an operation with no key of its own, this store is not enough: it needs a claim (see docs/design.md §3.3).
 * The records live behind the {@link PersistenceStore} port: DynamoDB in a function, a map in unit tests.
 */
public final class IdempotencyStore {
    private final PersistenceStore records;
    private final Duration expiry;
    private final Clock clock;

    public IdempotencyStore(PersistenceStore records, Duration expiry, Clock clock) {
        this.records = records;
        this.expiry = expiry;
        this.clock = clock;
    }

    /** @return the operation's result: computed now, or recorded by an earlier run with the same key */
    public String execute(String key, String payload, Supplier<String> operation) {
        String hash = sha256(payload);
        Optional<Record> recorded = records.find(key, clock.instant().getEpochSecond());
        if (recorded.isPresent()) return existing(key, hash, recorded.get());
        String result = operation.get();
        long now = clock.instant().getEpochSecond();
        // a run that raced us recorded first: its result stands (the provider gave both runs the same answer)
        return records.putIfAbsent(new Record(key, hash, result, now + expiry.toSeconds()), now)
                .map(first -> existing(key, hash, first)).orElse(result);
    }

    private static String existing(String key, String hash, Record record) {
        if (!hash.equals(record.payloadHash())) throw new PayloadMismatchException(key);
        return record.data();
    }

    public static String sha256(String payload) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(payload.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The key was used before with a different payload: a client or programming error, never retried. */
    public static final class PayloadMismatchException extends RuntimeException {
        public PayloadMismatchException(String key) { super("idempotency key " + key + " was used with a different payload"); }
    }
}

package dev.flywheel.kit.idempotency;

import dev.flywheel.kit.idempotency.PersistenceStore.Claim;
import dev.flywheel.kit.idempotency.PersistenceStore.Record;
import dev.flywheel.kit.idempotency.PersistenceStore.Status;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.function.Supplier;

/**
 * Runs an operation whose effect leaves our tables (a payment capture) at most once per key, on Powertools'
 * idempotency design: a record goes INPROGRESS (with a short in-progress expiry, in case the function dies
 * mid-call), then COMPLETED with the operation's result and a TTL; a repeat gets the stored result, a
 * concurrent repeat gets {@link InProgressException}, a repeat with another payload gets
 * {@link PayloadMismatchException}. If the operation throws, the record is removed so a retry can run it.
 * The records live behind the {@link PersistenceStore} port: DynamoDB in a function, a map in unit tests.
 *
 * <p>docs/design.md §3.3: only where idempotency cannot come from a conditional write on our own natural keys;
 * every record is a paid write.
 */
public final class IdempotencyStore {
    private final PersistenceStore records;
    private final Duration expiry;
    private final Duration inProgressExpiry;
    private final Clock clock;

    public IdempotencyStore(PersistenceStore records, Duration expiry, Duration inProgressExpiry, Clock clock) {
        this.records = records;
        this.expiry = expiry;
        this.inProgressExpiry = inProgressExpiry;
        this.clock = clock;
    }

    /** @return the operation's result: computed now, or stored by an earlier run with the same key */
    public String execute(String key, String payload, Supplier<String> operation) {
        String hash = sha256(payload);
        long nowMillis = clock.millis();
        Claim claim = records.putInProgress(new Record(key, Status.INPROGRESS, hash, null,
                nowMillis + inProgressExpiry.toMillis(), nowMillis / 1000 + expiry.toSeconds()), nowMillis);
        if (claim instanceof Claim.Vanished) throw new InProgressException(key, Duration.ZERO); // freed between the write and the read: try again
        if (claim instanceof Claim.Held held) return existing(key, hash, held.existing(), nowMillis);
        String result;
        try {
            result = operation.get();
        } catch (RuntimeException e) {
            records.releaseInProgress(key);
            throw e;
        }
        records.complete(key, result, clock.millis() / 1000 + expiry.toSeconds());
        return result;
    }

    private static String existing(String key, String hash, Record record, long nowMillis) {
        if (!hash.equals(record.payloadHash())) throw new PayloadMismatchException(key);
        if (record.status() == Status.COMPLETED) return record.data();
        throw new InProgressException(key, Duration.ofMillis(Math.max(0, record.inProgressExpiryMillis() - nowMillis)));
    }

    public static String sha256(String payload) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(payload.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Another execution with this key is running, or died less than the in-progress expiry ago: {@code claimExpiresIn}
     * says when the key is free for a retry if that execution never completes (a crash mid-call leaves it held until then).
     */
    public static final class InProgressException extends RuntimeException {
        private final Duration claimExpiresIn;

        public InProgressException(String key, Duration claimExpiresIn) {
            super("an operation with idempotency key " + key + " is in progress (its claim expires in " + claimExpiresIn.toSeconds() + " s)");
            this.claimExpiresIn = claimExpiresIn;
        }

        public Duration claimExpiresIn() { return claimExpiresIn; }
    }

    /** The key was used before with a different payload: a client or programming error, never retried. */
    public static final class PayloadMismatchException extends RuntimeException {
        public PayloadMismatchException(String key) { super("idempotency key " + key + " was used with a different payload"); }
    }
}

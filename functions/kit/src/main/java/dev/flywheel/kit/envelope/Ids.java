package dev.flywheel.kit.envelope;

import com.github.f4b6a3.ulid.Ulid;
import com.github.f4b6a3.ulid.UlidCreator;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** Identifiers written as ULIDs: time-sortable ones for order ids, message ids, correlation ids; derived ones for repeats. */
public final class Ids {
    private Ids() {}

    public static String next() { return UlidCreator.getMonotonicUlid().toString(); }

    /**
     * The id of whatever {@code name} names, the same at every call (the first 128 bits of its SHA-256, written as a
     * ULID): a repeated request finds what its first attempt stored under it. Not time-sortable.
     */
    public static String derived(String name) {
        try {
            ByteBuffer hash = ByteBuffer.wrap(MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8)));
            return new Ulid(hash.getLong(), hash.getLong()).toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Crockford base32, 26 characters, as ULIDs are written. */
    public static boolean isUlid(String value) {
        return value != null && value.matches("[0-9A-HJKMNP-TV-Z]{26}");
    }
}

package dev.flywheel.kit.envelope;

import com.github.f4b6a3.ulid.UlidCreator;

/** Time-sortable identifiers (ULIDs): order ids, message ids, correlation ids. */
public final class Ids {
    private Ids() {}

    public static String next() { return UlidCreator.getMonotonicUlid().toString(); }

    /** Crockford base32, 26 characters, as ULIDs are written. */
    public static boolean isUlid(String value) {
        return value != null && value.matches("[0-9A-HJKMNP-TV-Z]{26}");
    }
}

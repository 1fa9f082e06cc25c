package dev.flywheel.kit.limits;

import com.fasterxml.jackson.core.StreamReadConstraints;

/**
 * The limits every function puts on what it reads, in one place, each refused with a 400 (or, for a queued
 * message, the poison path) rather than reaching a library or a service that would fail on it. They live in the
 * functions, not in the local front door, because that is where they run in the cloud: the HTTP API in front of
 * the functions enforces only its own limits.
 */
public final class InputLimits {
    /** JSON nesting: our documents nest four levels at most; a deep document only costs stack and CPU. */
    public static final int MAX_NESTING_DEPTH = 32;
    /**
     * Characters of one JSON integer: DynamoDB keeps 38 significant digits, so 40 characters hold every integer it
     * can store, with its sign; longer ones are refused before anyone parses them into a BigInteger. (Jackson
     * applies it to fractional numbers only when they are read as BigDecimal; ours are read as doubles, which
     * keep 17 digits whatever the text.)
     */
    public static final int MAX_NUMBER_CHARS = 40;
    /** Characters of one JSON string: far above any field a schema allows, far below the 64 KiB body limit. */
    public static final int MAX_STRING_CHARS = 16 * 1024;
    /**
     * UTF-8 bytes of a path parameter, which every route uses as a DynamoDB key: DynamoDB refuses a partition key
     * over 2,048 bytes and a sort key over 1,024 (a ValidationException, a 500 to the caller), so a parameter
     * longer than either cannot name anything we store.
     */
    public static final int MAX_KEY_BYTES = 1024;

    private InputLimits() {}

    /** The JSON limits as Jackson's parser enforces them. */
    public static StreamReadConstraints jsonConstraints() {
        return StreamReadConstraints.builder()
                .maxNestingDepth(MAX_NESTING_DEPTH)
                .maxNumberLength(MAX_NUMBER_CHARS)
                .maxStringLength(MAX_STRING_CHARS)
                .build();
    }
}

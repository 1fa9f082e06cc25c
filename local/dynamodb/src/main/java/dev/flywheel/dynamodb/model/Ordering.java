package dev.flywheel.dynamodb.model;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;

/**
 * How DynamoDB orders scalar values: numbers by value, strings and binaries by their unsigned bytes (UTF-8 for
 * strings). Sort keys, key conditions and the comparators of expressions all use it.
 */
public final class Ordering {
    public static final Comparator<Value> SCALAR = Ordering::compare;

    private Ordering() {}

    /** True when both are the same comparable scalar type (S, N or B): only then do {@code <}, {@code >} apply. */
    public static boolean comparable(Value a, Value b) {
        return a != null && b != null && a.getClass() == b.getClass()
                && (a instanceof Value.S || a instanceof Value.N || a instanceof Value.B);
    }

    public static int compare(Value a, Value b) {
        if (a instanceof Value.N x && b instanceof Value.N y) return x.value().compareTo(y.value());
        if (a instanceof Value.S x && b instanceof Value.S y) return compareStrings(x.value(), y.value());
        if (a instanceof Value.B x && b instanceof Value.B y) return Arrays.compareUnsigned(x.value(), y.value());
        throw new IllegalArgumentException("not comparable: " + a.type() + " and " + b.type());
    }

    static int compareStrings(String a, String b) {
        // UTF-16 order differs from UTF-8 byte order only for surrogate pairs against U+E000..U+FFFF
        return Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}

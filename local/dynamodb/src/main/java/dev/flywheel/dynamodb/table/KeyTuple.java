package dev.flywheel.dynamodb.table;

import dev.flywheel.dynamodb.model.Ordering;
import dev.flywheel.dynamodb.model.Value;

import java.util.Arrays;
import java.util.List;

/**
 * A position in a sorted store: key values compared in order (a null part sorts first), then {@code bound}
 * when one tuple is a prefix of the other: -1 sorts before every extension, +1 after, so that
 * {@code (hash, bound -1)} .. {@code (hash, bound +1)} brackets one partition.
 */
public record KeyTuple(Value[] parts, int bound) implements Comparable<KeyTuple> {

    public static KeyTuple of(Value... parts) { return new KeyTuple(parts, 0); }
    public static KeyTuple below(Value... prefix) { return new KeyTuple(prefix, -1); }
    public static KeyTuple above(Value... prefix) { return new KeyTuple(prefix, 1); }

    public List<Value> values() { return Arrays.asList(parts); }

    @Override
    public int compareTo(KeyTuple other) {
        int n = Math.min(parts.length, other.parts.length);
        for (int i = 0; i < n; i++) {
            Value a = parts[i];
            Value b = other.parts[i];
            if (a == b) continue;
            if (a == null) return -1;
            if (b == null) return 1;
            int c = Ordering.compare(a, b);
            if (c != 0) return c;
        }
        if (parts.length == other.parts.length) return Integer.compare(bound, other.bound);
        return parts.length < other.parts.length ? (bound > 0 ? 1 : -1) : (other.bound > 0 ? -1 : 1);
    }

    @Override public boolean equals(Object o) { return o instanceof KeyTuple k && bound == k.bound && Arrays.equals(parts, k.parts); }
    @Override public int hashCode() { return Arrays.hashCode(parts) * 31 + bound; }
    @Override public String toString() { return Arrays.toString(parts) + (bound == 0 ? "" : bound < 0 ? "-" : "+"); }
}

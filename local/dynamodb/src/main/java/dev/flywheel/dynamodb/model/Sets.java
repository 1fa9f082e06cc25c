package dev.flywheel.dynamodb.model;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/** Immutable copies of sets that keep insertion order (answers list set members in the order they were written). */
final class Sets {
    private Sets() {}

    static <T> Set<T> frozen(Collection<T> values) {
        return Collections.unmodifiableSet(new LinkedHashSet<>(values));
    }
}

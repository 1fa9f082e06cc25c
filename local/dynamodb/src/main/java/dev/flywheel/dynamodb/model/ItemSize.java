package dev.flywheel.dynamodb.model;

import java.math.BigDecimal;
import java.util.Map;

/**
 * Item size by the rules in the developer guide ("Item sizes and formats"): names and strings in UTF-8 bytes,
 * numbers about one byte per two significant digits plus one, 1 byte for BOOL and NULL, 3 bytes of overhead for
 * a list or map plus 1 byte per element. The 400 KB limit and the capacity units are computed from it.
 */
public final class ItemSize {
    public static final int MAX_ITEM_BYTES = 400 * 1024;

    private ItemSize() {}

    public static long of(Map<String, Value> item) {
        if (item == null) return 0;
        long size = 0;
        for (Map.Entry<String, Value> e : item.entrySet()) size += Value.utf8Length(e.getKey()) + of(e.getValue());
        return size;
    }

    public static long of(Value value) {
        // Java 17: no pattern switch yet
        if (value instanceof Value.S s) return Value.utf8Length(s.value());
        if (value instanceof Value.N n) return number(n.value());
        if (value instanceof Value.B b) return b.value().length;
        if (value instanceof Value.Bool || value instanceof Value.Null) return 1;
        if (value instanceof Value.L l) return 3 + l.values().stream().mapToLong(v -> of(v) + 1).sum();
        if (value instanceof Value.M m) return 3 + m.values().entrySet().stream().mapToLong(e -> Value.utf8Length(e.getKey()) + of(e.getValue()) + 1).sum();
        if (value instanceof Value.SS ss) return ss.values().stream().mapToLong(Value::utf8Length).sum();
        if (value instanceof Value.NS ns) return ns.values().stream().mapToLong(ItemSize::number).sum();
        return ((Value.BS) value).values().stream().mapToLong(b -> b.value().length).sum();
    }

    private static long number(BigDecimal n) {
        return (n.precision() + 1) / 2 + 1;
    }
}

package dev.flywheel.kit.dynamo;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.Map;
import java.util.Optional;

/** Short forms for DynamoDB attribute values, so that adapters read like the items they write. */
public final class Items {
    private Items() {}

    public static AttributeValue s(String value) { return AttributeValue.fromS(value); }

    public static AttributeValue n(long value) { return AttributeValue.fromN(Long.toString(value)); }

    public static String string(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        if (v == null || v.s() == null) throw new IllegalStateException("item has no string attribute " + name);
        return v.s();
    }

    public static Optional<String> optionalString(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return Optional.ofNullable(v == null ? null : v.s());
    }

    public static long number(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        if (v == null || v.n() == null) throw new IllegalStateException("item has no number attribute " + name);
        return Long.parseLong(v.n());
    }
}

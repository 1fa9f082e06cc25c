package dev.flywheel.local.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Set;

/** What a run used: {@code GET /platform/usage} after minus before (counters subtract; settings such as memory are kept). */
final class UsageDelta {
    private static final Set<String> SETTINGS = Set.of("memoryMb", "worker", "provisioned");

    private UsageDelta() {}

    /** Two stretches of usage added together (counters add; settings are taken from {@code b}). */
    static ObjectNode sum(JsonNode a, JsonNode b) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        b.fields().forEachRemaining(e -> {
            JsonNode x = a.get(e.getKey());
            JsonNode y = e.getValue();
            if (y.isObject()) out.set(e.getKey(), sum(x == null ? JsonNodeFactory.instance.objectNode() : x, y));
            else if (SETTINGS.contains(e.getKey()) || !y.isNumber()) out.set(e.getKey(), y);
            else if (y.isIntegralNumber()) out.put(e.getKey(), y.asLong() + (x == null ? 0 : x.asLong()));
            else out.put(e.getKey(), y.asDouble() + (x == null ? 0 : x.asDouble()));
        });
        a.fields().forEachRemaining(e -> { if (!b.has(e.getKey())) out.set(e.getKey(), e.getValue()); });
        return out;
    }

    static ObjectNode between(JsonNode before, JsonNode after) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        after.fields().forEachRemaining(e -> {
            JsonNode b = before == null ? null : before.get(e.getKey());
            JsonNode a = e.getValue();
            if (a.isObject()) out.set(e.getKey(), between(b == null ? JsonNodeFactory.instance.objectNode() : b, a));
            else if (SETTINGS.contains(e.getKey()) || !a.isNumber()) out.set(e.getKey(), a);
            else if (a.isIntegralNumber()) out.put(e.getKey(), a.asLong() - (b == null ? 0 : b.asLong()));
            else out.put(e.getKey(), a.asDouble() - (b == null ? 0 : b.asDouble()));
        });
        return out;
    }
}

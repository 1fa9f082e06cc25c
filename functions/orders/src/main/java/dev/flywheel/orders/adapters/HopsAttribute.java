package dev.flywheel.orders.adapters;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.flywheel.kit.envelope.Hop;
import dev.flywheel.kit.json.Json;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * An order's hops as the orders table stores them: one compact JSON array per hop, {@code [service, received (epoch
 * microseconds), took (microseconds), traceId?]}, instead of the envelope's objects with ISO times. Why: DynamoDB
 * bills a write by the larger of the old and new item in 1 KB units, the hops are most of a confirmed order's item,
 * and every saga step rewrites them. Five hops as objects with trace ids took a confirmed order past 1 KB (two units
 * on each later write); this form is about 40% smaller than the objects were before they carried trace ids. Times
 * keep the system clock's microseconds. Items written in the object form still read.
 */
final class HopsAttribute {
    private static final TypeReference<List<Hop>> OBJECTS = new TypeReference<>() {};

    private HopsAttribute() {}

    static String encode(List<Hop> hops) {
        ArrayNode all = Json.mapper().createArrayNode();
        for (Hop hop : hops) {
            ArrayNode h = all.addArray().add(hop.service()).add(micros(hop.receivedAt()))
                    .add(ChronoUnit.MICROS.between(hop.receivedAt(), hop.finishedAt()));
            if (hop.traceId() != null) h.add(hop.traceId());
        }
        return all.toString();
    }

    static List<Hop> decode(String attribute) {
        try {
            JsonNode all = Json.mapper().readTree(attribute);
            if (!all.isArray()) throw new IllegalStateException("corrupt order attribute: hops is not an array");
            if (all.isEmpty() || all.get(0).isObject()) return Json.mapper().convertValue(all, OBJECTS); // the older form
            List<Hop> hops = new ArrayList<>(all.size());
            for (JsonNode h : all) {
                Instant received = Instant.EPOCH.plus(h.get(1).asLong(), ChronoUnit.MICROS);
                hops.add(new Hop(h.get(0).asText(), received, received.plus(h.get(2).asLong(), ChronoUnit.MICROS),
                        h.size() > 3 ? h.get(3).asText() : null));
            }
            return List.copyOf(hops);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new IllegalStateException("corrupt order attribute: hops: " + e.getMessage(), e);
        }
    }

    private static long micros(Instant t) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, t);
    }
}

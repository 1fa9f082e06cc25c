package dev.flywheel.kit.envelope;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flywheel.kit.json.Json;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What every message between functions looks like. {@code correlationId} follows an order through every
 * hop; {@code causationId} names the message that caused this one; {@code hops} accumulate along the path,
 * so the last message of a saga carries the time each service spent on the order.
 */
public record Envelope(String id, String type, String correlationId, String causationId, Instant occurredAt,
                       List<Hop> hops, JsonNode data) {

    public Envelope {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(correlationId, "correlationId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(data, "data");
        hops = hops == null ? List.of() : List.copyOf(hops);
    }

    /** The first message of a flow, e.g. published by an HTTP function. */
    public static Envelope first(String type, String correlationId, Object data, Hop origin) {
        return new Envelope(Ids.next(), type, correlationId, null, origin.finishedAt(), List.of(origin), Json.toTree(data));
    }

    /** A message caused by this one: same correlation id, this one as cause, the path so far plus {@code current}. */
    public Envelope next(String type, Object data, Hop current) {
        List<Hop> path = new ArrayList<>(hops);
        path.add(current);
        return new Envelope(Ids.next(), type, correlationId, id, current.finishedAt(), path, Json.toTree(data));
    }

    public <T> T data(Class<T> type) {
        return Json.convert(data, type);
    }
}

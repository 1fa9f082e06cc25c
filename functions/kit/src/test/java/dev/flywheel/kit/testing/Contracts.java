package dev.flywheel.kit.testing;

import dev.flywheel.kit.http.JsonBodies;
import dev.flywheel.kit.json.Json;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Producer-side contract checks: what a capability sends matches events/schemas/messages. */
public final class Contracts {
    private Contracts() {}

    /** @param type the message type, e.g. "ReserveStock" (schema messages/reserve-stock.json) */
    public static void assertMatchesSchema(String type, Object data) {
        assertEquals(List.of(), schemaOf(type).validate(Json.toTree(data)), type + " " + Json.write(data));
    }

    /** The schema of a message type's data: "ReserveStock" → schemas/messages/reserve-stock.json. */
    public static JsonBodies schemaOf(String type) {
        return JsonBodies.forSchema("messages/" + type.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase());
    }
}

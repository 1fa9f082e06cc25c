package dev.flywheel.local.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The orders the front door accepted lately (their ids, newest first) and where each one stands, read from the
 * orders table: status and the hops of its envelope trace. Reads are single GetItems, so the dashboard costs the
 * table twenty reads every two seconds, not a scan.
 */
public final class RecentOrders {
    static final int KEEP = 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DynamoDbClient dynamo;
    private final String ordersTable;
    private final Deque<Accepted> accepted = new ArrayDeque<>();

    private record Accepted(String orderId, Instant at) {}

    public RecentOrders(DynamoDbClient dynamo, String ordersTable) {
        this.dynamo = dynamo;
        this.ordersTable = ordersTable;
    }

    /** The front door saw a 202 for this order. */
    public synchronized void accepted(String orderId) {
        accepted.removeIf(a -> a.orderId().equals(orderId)); // an idempotent retry returns the same id
        accepted.addFirst(new Accepted(orderId, Instant.now()));
        while (accepted.size() > KEEP) accepted.removeLast();
    }

    /** {@code {"orders":[…]}}: each recent order's status and hops (ACCEPTED while it is not stored yet). */
    public String json() {
        List<Accepted> list;
        synchronized (this) {
            list = List.copyOf(accepted);
        }
        ObjectNode root = JSON.createObjectNode();
        ArrayNode orders = root.putArray("orders");
        for (Accepted a : list) orders.add(lookup(a.orderId()).orElseGet(() -> acceptedOnly(a)));
        return root.toString();
    }

    private static ObjectNode acceptedOnly(Accepted a) {
        ObjectNode o = JSON.createObjectNode();
        o.put("orderId", a.orderId());
        o.put("status", "ACCEPTED");
        o.put("createdAt", a.at().toString());
        o.put("totalMs", 0);
        o.putArray("hops");
        return o;
    }

    /** The order as stored, with its hops: what {@code ./flywheel trace} prints. */
    public Optional<ObjectNode> lookup(String orderId) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(ordersTable).key(Map.of("orderId", AttributeValue.fromS(orderId)))).item();
        if (item == null || item.isEmpty()) return Optional.empty();
        ObjectNode o = JSON.createObjectNode();
        o.put("orderId", orderId);
        o.put("status", text(item, "status"));
        o.put("createdAt", text(item, "createdAt"));
        if (item.containsKey("reason")) o.put("reason", text(item, "reason"));
        ArrayNode hops = o.putArray("hops");
        Instant first = null, previousEnd = null, last = null;
        for (JsonNode hop : parse(text(item, "hops"))) {
            // the orders table's form is orders' HopsAttribute: [service, received µs, took µs, traceId?]; older items
            // hold the envelope's objects (this module reads the table, it does not link the function's code)
            boolean compact = hop.isArray();
            Instant received = compact ? Instant.EPOCH.plus(hop.get(1).asLong(), ChronoUnit.MICROS) : Instant.parse(hop.get("receivedAt").asText());
            Instant finished = compact ? received.plus(hop.get(2).asLong(), ChronoUnit.MICROS) : Instant.parse(hop.get("finishedAt").asText());
            JsonNode traceId = compact ? hop.get(3) : hop.get("traceId");
            ObjectNode h = hops.addObject();
            h.put("service", compact ? hop.get(0).asText() : hop.get("service").asText());
            h.put("durationMs", Duration.between(received, finished).toMillis());
            if (previousEnd == null) h.putNull("queuedMs");
            else h.put("queuedMs", Duration.between(previousEnd, received).toMillis());
            if (traceId != null && !traceId.isNull()) h.put("traceId", traceId.asText());
            if (first == null) first = received;
            previousEnd = finished;
            last = finished;
        }
        o.put("totalMs", first == null ? 0 : Duration.between(first, last).toMillis());
        return Optional.of(o);
    }

    private static String text(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || v.s() == null ? "" : v.s();
    }

    private static JsonNode parse(String json) {
        if (json.isEmpty()) return JSON.createArrayNode();
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            return JSON.createArrayNode();
        }
    }
}

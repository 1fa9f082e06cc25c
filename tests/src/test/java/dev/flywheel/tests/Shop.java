package dev.flywheel.tests;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flywheel.local.LocalPlatform;
import dev.flywheel.local.gateway.HttpApiEvents;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What the scenarios do and check, in the shop's words; reads the capabilities' tables to check invariants. */
final class Shop {
    static final Set<String> TERMINAL = Set.of("CONFIRMED", "REJECTED", "CANCELLED");

    final LocalPlatform platform;
    final Api api;

    Shop(LocalPlatform platform) {
        this.platform = platform;
        this.api = new Api(platform);
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    void product(String sku, long price, long stock, int shards) {
        var response = api.call(Api.Caller.anAdmin(), "PUT", "/products/" + sku,
                "{\"name\":\"Test " + sku + "\",\"price\":{\"amount\":" + price + ",\"currency\":\"EUR\"},\"stock\":" + stock + ",\"shards\":" + shards + "}");
        assertEquals(200, response.status(), response.body());
    }

    /** @return the order id from a 202 */
    String order(String userId, String sku, int quantity, String token) {
        HttpApiEvents.Response response = placeOrder(userId, sku, quantity, token, Map.of());
        assertEquals(202, response.status(), response.body());
        return response.json().get("orderId").asText();
    }

    HttpApiEvents.Response placeOrder(String userId, String sku, int quantity, String token, Map<String, String> headers) {
        return api.call(Api.Caller.user(userId), "POST", "/orders",
                "{\"items\":[{\"sku\":\"" + sku + "\",\"quantity\":" + quantity + "}],\"paymentToken\":\"" + token + "\"}", headers);
    }

    /** Polls GET /orders/{id} (as the owner) until the order is terminal. */
    JsonNode awaitTerminal(String userId, String orderId, Duration timeout) {
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        JsonNode last = null;
        while (System.currentTimeMillis() < deadline) {
            HttpApiEvents.Response response = api.call(Api.Caller.user(userId), "GET", "/orders/" + orderId, null);
            if (response.status() == 200) {
                last = response.json();
                if (TERMINAL.contains(last.get("status").asText())) return last;
            }
            sleep(100);
        }
        throw new AssertionError("order " + orderId + " not terminal after " + timeout + "; last seen: " + last);
    }

    /** The order ids of one page of GET /orders (query as given), asserting a 200. */
    List<String> myOrders(Api.Caller caller, String query) {
        return ids(listPage(caller, query));
    }

    /** Every page of GET /orders, following nextCursor until the last page (which has none). */
    List<List<String>> myOrderPages(Api.Caller caller, String query) {
        List<List<String>> pages = new ArrayList<>();
        JsonNode page = listPage(caller, query);
        pages.add(ids(page));
        while (page.has("nextCursor") && pages.size() < 100) {
            page = listPage(caller, query + "&cursor=" + java.net.URLEncoder.encode(page.get("nextCursor").asText(), java.nio.charset.StandardCharsets.UTF_8));
            pages.add(ids(page));
        }
        return pages;
    }

    private JsonNode listPage(Api.Caller caller, String query) {
        HttpApiEvents.Response response = api.call(caller, "GET", "/orders?" + query, null);
        assertEquals(200, response.status(), response.body());
        return response.json();
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("orders").forEach(o -> ids.add(o.get("orderId").asText()));
        return ids;
    }

    long available(String sku) {
        var response = api.call(Api.Caller.anAdmin(), "GET", "/products/" + sku, null);
        assertEquals(200, response.status(), response.body());
        return response.json().get("available").asLong();
    }

    /** Stock straight from the table, summed over shards (no cache in between). */
    long stockInTable(String sku) {
        return scan("stock").stream().filter(i -> i.get("sku").s().equals(sku)).mapToLong(i -> Long.parseLong(i.get("available").n())).sum();
    }

    List<Map<String, AttributeValue>> scan(String table) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        String name = platform.resources().table(table);
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            var page = platform.dynamo().scan(b -> b.tableName(name).consistentRead(true).exclusiveStartKey(from));
            items.addAll(page.items());
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return items;
    }

    Map<String, AttributeValue> reservation(String orderId) {
        return platform.dynamo().getItem(b -> b.tableName(platform.resources().table("reservations"))
                .key(Map.of("orderId", AttributeValue.fromS(orderId))).consistentRead(true)).item();
    }

    long capturesOf(String orderId, String status) {
        return platform.provider().captures().stream().filter(c -> c.orderId().equals(orderId) && c.status().equals(status)).count();
    }

    /** Captures recorded by the provider for orders of this SKU (the order ids come from the orders table). */
    long capturesOfSku(String sku) {
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (Map<String, AttributeValue> item : scan("orders")) {
            if (item.containsKey("items") && item.get("items").s().contains("\"" + sku + "\"")) ids.add(item.get("orderId").s());
        }
        return platform.provider().captures().stream().filter(c -> ids.contains(c.orderId()) && c.status().equals("captured")).count();
    }

    int queueDepth(String queue) {
        var attributes = platform.sqs().getQueueAttributes(b -> b.queueUrl(platform.resources().queueUrl(queue))
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}

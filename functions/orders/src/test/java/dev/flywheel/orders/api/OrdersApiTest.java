package dev.flywheel.orders.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import dev.flywheel.kit.http.JsonBodies;
import dev.flywheel.kit.json.Json;
import dev.flywheel.orders.domain.InMemoryOrderStore;
import dev.flywheel.orders.domain.Order;
import dev.flywheel.orders.domain.OrderLine;
import dev.flywheel.orders.domain.OrderStore;
import dev.flywheel.orders.domain.OrderStatus;
import dev.flywheel.orders.domain.PlaceOrder;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * orders-api's happy paths through its handler with in-memory ports (the events/orders fixtures as API Gateway
 * sends them): an order accepted with 202 and a status URL, and queued; the same Idempotency-Key again gets the
 * same order; once stored, its owner reads it and nobody else learns it exists; a user's orders listed a page at a
 * time, newest first, each page valid against schemas/order-page.json.
 */
class OrdersApiTest {
    private static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");
    private static final JsonBodies PAGE_SCHEMA = JsonBodies.forSchema("order-page");

    private record Submitted(String orderId, String userId, List<OrderLine> items, String paymentToken) {}

    private final List<Submitted> queued = new ArrayList<>();
    private final InMemoryOrderStore orders = new InMemoryOrderStore();
    private final OrdersApi api = new OrdersApi(new PlaceOrder(skus -> Set.of(), orders,
            (orderId, userId, items, token, correlationId, at, stored) -> queued.add(new Submitted(orderId, userId, items, token))),
            orders, Clock.fixed(NOW, ZoneOffset.UTC));

    private static JsonNode body(APIGatewayV2HTTPResponse response) throws Exception {
        return Json.tree(response.getBody());
    }

    @Test
    void anOrderIsAcceptedWithItsStatusUrlAndQueuedOnce() throws Exception {
        APIGatewayV2HTTPResponse accepted = api.handle(EventLoader.loadApiGatewayHttpEvent("orders/post-order.json"));
        assertEquals(202, accepted.getStatusCode(), accepted.getBody());
        String orderId = body(accepted).get("orderId").asText();
        assertEquals("ACCEPTED", body(accepted).get("status").asText());
        assertEquals("/orders/" + orderId, accepted.getHeaders().get("Location"));
        assertEquals(List.of(new Submitted(orderId, "user-ada", List.of(new OrderLine("SKU-1", 2)), "tok_visa")), queued);

        // placed with an Idempotency-Key: stored at once, so its owner can read it before any worker ran
        APIGatewayV2HTTPEvent read = EventLoader.loadApiGatewayHttpEvent("orders/get-order.json");
        read.setRawPath("/orders/" + orderId);
        read.setPathParameters(Map.of("orderId", orderId));
        APIGatewayV2HTTPResponse pending = api.handle(read);
        assertEquals(200, pending.getStatusCode(), pending.getBody());
        assertEquals("PENDING", body(pending).get("status").asText());

        // the client retries with the same Idempotency-Key: the same order; queued again while it waits (the first send may
        // have been lost), not once it has moved on
        APIGatewayV2HTTPResponse again = api.handle(EventLoader.loadApiGatewayHttpEvent("orders/post-order.json"));
        assertEquals(202, again.getStatusCode());
        assertEquals(orderId, body(again).get("orderId").asText());
        assertEquals(2, queued.size());
        orders.transition(orderId, java.util.EnumSet.of(OrderStatus.PENDING), OrderStatus.CONFIRMED, new OrderStore.Changes(null, null, "cap_1", null));
        assertEquals(orderId, body(api.handle(EventLoader.loadApiGatewayHttpEvent("orders/post-order.json"))).get("orderId").asText());
        assertEquals(2, queued.size());
    }

    /** A body API Gateway base64-encoded, and an order whose payment will be declined: both accepted as any other. */
    @Test
    void aBase64BodyAndADeclinedCardAreAcceptedLikeAnyOrder() throws Exception {
        APIGatewayV2HTTPResponse base64 = api.handle(EventLoader.loadApiGatewayHttpEvent("orders/post-order-base64.json"));
        assertEquals(202, base64.getStatusCode(), base64.getBody());
        APIGatewayV2HTTPResponse declined = api.handle(EventLoader.loadApiGatewayHttpEvent("orders/post-order-declined.json"));
        assertEquals(202, declined.getStatusCode(), declined.getBody());
        assertEquals(List.of(new Submitted(body(base64).get("orderId").asText(), "user-ada", List.of(new OrderLine("SKU-1", 2)), "tok_visa"),
                new Submitted(body(declined).get("orderId").asText(), "user-ada", List.of(new OrderLine("SKU-1", 2)), "tok_declined")), queued,
                "the payment is the workers' business: the API queues both as sent");
    }

    @Test
    void aStoredOrderIsReadByItsOwnerAndByNobodyElse() throws Exception {
        orders.create(new Order("01KAQ3Z5M8N2P4R6T8V0W2X4Y6", "user-ada", OrderStatus.CONFIRMED, List.of(new OrderLine("SKU-1", 2)),
                null, null, "cap_1", NOW, NOW, List.of()));
        APIGatewayV2HTTPResponse mine = api.handle(EventLoader.loadApiGatewayHttpEvent("orders/get-order.json"));
        assertEquals(200, mine.getStatusCode(), mine.getBody());
        assertEquals("CONFIRMED", body(mine).get("status").asText());
        assertEquals("SKU-1", body(mine).get("items").get(0).get("sku").asText());

        APIGatewayV2HTTPEvent someoneElse = EventLoader.loadApiGatewayHttpEvent("orders/get-order.json");
        Map<String, String> claims = new HashMap<>(someoneElse.getRequestContext().getAuthorizer().getJwt().getClaims());
        claims.put("sub", "user-bob");
        someoneElse.getRequestContext().getAuthorizer().getJwt().setClaims(claims);
        APIGatewayV2HTTPResponse theirs = api.handle(someoneElse);
        assertEquals(404, theirs.getStatusCode(), "another user learns nothing, not even that it exists");
    }

    /** Five orders of user-ada a minute apart (and two of someone else), in pages of two: 2, 2, 1, newest first. */
    @Test
    void aUsersOrdersComeNewestFirstAPageAtATime() throws Exception {
        List<String> newestFirst = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String id = "order-ada-" + i;
            orders.create(new Order(id, "user-ada", OrderStatus.PENDING, List.of(new OrderLine("SKU-1", 1)), null, null, null,
                    NOW.minusSeconds(60L * i), NOW, List.of()));
            newestFirst.add(id);
        }
        for (int i = 0; i < 2; i++) {
            orders.create(new Order("order-bob-" + i, "user-bob", OrderStatus.PENDING, List.of(new OrderLine("SKU-1", 1)), null, null, null,
                    NOW.plusSeconds(i), NOW, List.of()));
        }

        List<String> seen = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();
        String cursor = null;
        do {
            APIGatewayV2HTTPEvent request = EventLoader.loadApiGatewayHttpEvent("orders/list-orders.json");
            if (cursor != null) request.setQueryStringParameters(Map.of("limit", "2", "cursor", cursor));
            APIGatewayV2HTTPResponse page = api.handle(request);
            assertEquals(200, page.getStatusCode(), page.getBody());
            assertEquals(List.of(), PAGE_SCHEMA.validate(body(page)), page.getBody());
            body(page).get("orders").forEach(o -> seen.add(o.get("orderId").asText()));
            pageSizes.add(body(page).get("orders").size());
            assertFalse(body(page).get("orders").get(0).has("trace"), "a listing leaves the trace to GET /orders/{id}");
            cursor = body(page).has("nextCursor") ? body(page).get("nextCursor").asText() : null;
        } while (cursor != null && pageSizes.size() < 10);
        assertEquals(List.of(2, 2, 1), pageSizes);
        assertEquals(newestFirst, seen, "every order of hers once, newest first, and nobody else's");
    }

    /** A full last page has no cursor: a client never asks for an empty page. */
    @Test
    void aFullLastPageHasNoCursor() throws Exception {
        for (int i = 0; i < 2; i++) {
            orders.create(new Order("order-" + i, "user-ada", OrderStatus.CONFIRMED, List.of(new OrderLine("SKU-1", 1)), null, null, null,
                    NOW.minusSeconds(i), NOW, List.of()));
        }
        APIGatewayV2HTTPResponse page = api.handle(EventLoader.loadApiGatewayHttpEvent("orders/list-orders.json"));
        assertEquals(2, body(page).get("orders").size());
        assertFalse(body(page).has("nextCursor"), page.getBody());
    }

    @Test
    void anAdminListsAnotherUsersOrders() throws Exception {
        orders.create(new Order("order-ada", "user-ada", OrderStatus.CONFIRMED, List.of(new OrderLine("SKU-1", 1)), null, null, null,
                NOW, NOW, List.of()));
        APIGatewayV2HTTPResponse page = api.handle(EventLoader.loadApiGatewayHttpEvent("orders/list-orders-admin.json"));
        assertEquals(200, page.getStatusCode(), page.getBody());
        assertEquals("order-ada", body(page).get("orders").get(0).get("orderId").asText());
        assertEquals(List.of(), PAGE_SCHEMA.validate(body(page)));
    }

    /** A cursor is a position, not a permission: another user's cursor shows the caller their own orders after that point. */
    @Test
    void aCursorNeverShowsSomeoneElsesOrders() throws Exception {
        for (int i = 0; i < 3; i++) {
            orders.create(new Order("order-bob-" + i, "user-bob", OrderStatus.PENDING, List.of(new OrderLine("SKU-1", 1)), null, null, null,
                    NOW.minusSeconds(i), NOW, List.of()));
        }
        APIGatewayV2HTTPEvent bobs = EventLoader.loadApiGatewayHttpEvent("orders/list-orders.json");
        Map<String, String> claims = new HashMap<>(bobs.getRequestContext().getAuthorizer().getJwt().getClaims());
        claims.put("sub", "user-bob");
        bobs.getRequestContext().getAuthorizer().getJwt().setClaims(claims);
        String bobsCursor = body(api.handle(bobs)).get("nextCursor").asText();

        APIGatewayV2HTTPEvent adaWithIt = EventLoader.loadApiGatewayHttpEvent("orders/list-orders.json");
        adaWithIt.setQueryStringParameters(Map.of("limit", "2", "cursor", bobsCursor));
        APIGatewayV2HTTPResponse page = api.handle(adaWithIt);
        assertEquals(200, page.getStatusCode(), page.getBody());
        assertEquals(0, body(page).get("orders").size(), "user-ada has no orders: bob's cursor shows her none of his");
    }
}

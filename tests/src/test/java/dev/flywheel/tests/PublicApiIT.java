package dev.flywheel.tests;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flywheel.local.gateway.HttpApiEvents;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The public HTTP API's contract (README's examples) on the embedded platform, with the tables behind it. */
class PublicApiIT {
    private final Shop shop = new Shop(TestPlatforms.shared());
    private final Api api = shop.api;

    @Test
    void usersRegisterThemselvesOnceWithAnEmailNobodyElseHas() {
        String ada = Shop.unique("ada"), bob = Shop.unique("bob");
        String email = ada + "@Example.com";

        HttpApiEvents.Response created = api.call(Api.Caller.user(ada), "POST", "/users", "{\"email\":\"" + email + "\",\"name\":\"Ada Lovelace\"}");
        assertEquals(201, created.status(), created.body());
        assertEquals(ada, created.json().get("userId").asText());
        assertEquals("/users/" + ada, created.header("Location"));

        assertEquals(409, api.call(Api.Caller.user(ada), "POST", "/users", "{\"email\":\"other@example.com\",\"name\":\"Ada\"}").status(), "same subject");
        HttpApiEvents.Response taken = api.call(Api.Caller.user(bob), "POST", "/users", "{\"email\":\"" + email.toUpperCase() + "\",\"name\":\"Bob\"}");
        assertEquals(409, taken.status(), "emails are unique regardless of case");
        assertEquals("application/problem+json", taken.header("Content-Type"));

        assertEquals(200, api.call(Api.Caller.user(ada), "GET", "/users/" + ada, null).status());
        assertEquals(404, api.call(Api.Caller.user(bob), "GET", "/users/" + ada, null).status(), "others learn nothing");
        assertEquals("Ada Lovelace", api.call(Api.Caller.anAdmin(), "GET", "/users/" + ada, null).json().get("name").asText());
    }

    @Test
    void productsAreDefinedByAdminsAndShowTheirStock() {
        String sku = Shop.unique("SKU");
        assertEquals(404, api.call(Api.Caller.user("u"), "GET", "/products/" + sku, null).status());
        assertEquals(403, api.call(Api.Caller.user("u"), "PUT", "/products/" + sku,
                "{\"name\":\"x\",\"price\":{\"amount\":1,\"currency\":\"EUR\"},\"stock\":1}").status());
        shop.product(sku, 1999, 500, 8);

        JsonNode product = api.call(Api.Caller.user("u"), "GET", "/products/" + sku, null).json();
        assertEquals(500, product.get("available").asLong());
        assertEquals(1999, product.get("price").get("amount").asLong());
        assertEquals(8, product.get("shards").asInt());
        assertEquals(8, shop.scan("stock").stream().filter(i -> i.get("sku").s().equals(sku)).count(), "stock spread over 8 shard items");

        shop.product(sku, 1999, 30, 2);
        assertEquals(2, shop.scan("stock").stream().filter(i -> i.get("sku").s().equals(sku)).count(), "shrinking the shard count deletes the extra shards");
        assertEquals(30, shop.stockInTable(sku));
    }

    @Test
    void anIdempotencyKeyGivesTheSameAnswerAndNoSecondOrder() {
        String sku = Shop.unique("SKU"), user = Shop.unique("user");
        shop.product(sku, 100, 10, 1);
        Map<String, String> key = Map.of("idempotency-key", Shop.unique("checkout"));

        HttpApiEvents.Response first = shop.placeOrder(user, sku, 1, "tok_visa", key);
        HttpApiEvents.Response again = shop.placeOrder(user, sku, 1, "tok_visa", key);
        HttpApiEvents.Response otherBody = shop.placeOrder(user, sku, 2, "tok_visa", key);

        assertEquals(202, first.status(), first.body());
        assertEquals("ACCEPTED", first.json().get("status").asText());
        assertEquals("/orders/" + first.json().get("orderId").asText(), first.header("Location"));
        assertEquals(202, again.status());
        assertEquals(first.json().get("orderId"), again.json().get("orderId"));
        assertEquals(422, otherBody.status(), otherBody.body());
        shop.awaitTerminal(user, first.json().get("orderId").asText(), SagaScenarios.SAGA_TIMEOUT);
        assertEquals(1, shop.scan("orders").stream().filter(o -> o.get("userId").s().equals(user)).count());
        assertEquals(9, shop.stockInTable(sku));
    }

    @Test
    void ordersAreOnlyForKnownSkusAndOnlyVisibleToTheirOwnerOrAnAdmin() {
        String sku = Shop.unique("SKU"), owner = Shop.unique("owner");
        HttpApiEvents.Response unknown = shop.placeOrder(owner, "NO-SUCH-" + sku, 1, "tok_visa", Map.of());
        assertEquals(422, unknown.status());
        assertTrue(unknown.body().contains("unknown SKU"), unknown.body());

        shop.product(sku, 100, 10, 1);
        String orderId = shop.order(owner, sku, 1, "tok_visa");
        shop.awaitTerminal(owner, orderId, SagaScenarios.SAGA_TIMEOUT);
        assertEquals(404, api.call(Api.Caller.user(Shop.unique("stranger")), "GET", "/orders/" + orderId, null).status());
        assertEquals(200, api.call(Api.Caller.anAdmin(), "GET", "/orders/" + orderId, null).status());
    }

    @Test
    void everyResponseCarriesARequestIdAndTheCorrelationIdTheClientSent() {
        HttpApiEvents.Response response = api.call(Api.Caller.user("u"), "GET", "/orders/nope", null, Map.of("x-correlation-id", "trace-me-42"));
        assertEquals(404, response.status());
        assertEquals("trace-me-42", response.header("X-Correlation-Id"));
        assertNotEquals(null, response.header("X-Request-Id"));
    }
}

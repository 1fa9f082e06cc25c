package dev.flywheel.orders;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flywheel.kit.config.Env;
import dev.flywheel.kit.testing.LambdaHarness;
import dev.flywheel.kit.testing.Problems;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * orders-api and orders-worker through the real FunctionInvoker with the events/orders fixtures. Nothing behind
 * them is reachable: a 4xx here proves the request was refused before any table or queue was touched.
 */
class OrdersHandlersTest {
    private static LambdaHarness api;

    @BeforeAll
    static void init() {
        Env.install(Problems.unreachableAws("ordersApi", Map.of("ORDERS_TABLE", "orders",
                "PRODUCTS_TABLE", "products", "ORDERS_INTAKE_QUEUE_URL", "http://127.0.0.1:9/000000000000/orders-intake",
                "INVENTORY_COMMANDS_QUEUE_URL", "http://127.0.0.1:9/000000000000/inventory-commands")));
        api = new LambdaHarness("ordersApi", "orders-api");
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', value = {
            "orders/post-order-malformed.json          | 400 | malformed JSON",
            "orders/post-order-zero-quantity.json      | 400 | quantity",
            "orders/post-order-negative-quantity.json  | 400 | quantity",
            "orders/post-order-wrong-type.json         | 400 | integer",
            "orders/post-order-client-price.json       | 400 | price",
            "orders/post-order-missing-token.json      | 400 | paymentToken",
            "orders/post-order-oversized.json          | 413 | limit is 65536",
            "orders/post-order-bad-idempotency-key.json| 400 | Idempotency-Key",
            "orders/post-order-duplicate-sku.json      | 422 | appears twice",
            "orders/post-order-no-auth.json            | 401 | Authorization: Bearer",
            "orders/list-orders-bad-limit.json         | 400 | limit must be a whole number from 1 to 100",
            "orders/list-orders-bad-cursor.json        | 400 | cursor is not one this API gave out",
            "orders/list-orders-unknown-parameter.json | 400 | unknown query parameter page",
            "orders/list-orders-other-user.json        | 403 | only an admin"})
    void refusesBadOrdersWithAProblem(String fixture, int status, String detail) {
        Problems.assertProblem(api.invokeFixture(fixture), status, detail);
    }

    @Test
    void everyResponseCarriesTheRequestAndCorrelationIds() {
        JsonNode response = api.invokeFixture("orders/post-order-malformed.json");
        assertEquals("req-1", response.get("headers").get("X-Request-Id").asText());
        assertEquals("corr-req-1", response.get("headers").get("X-Correlation-Id").asText());
    }
}

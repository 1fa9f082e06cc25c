package dev.flywheel.local.gateway;

import dev.flywheel.topology.FlywheelTopology;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RouteTableTest {
    private final RouteTable routes = new RouteTable(FlywheelTopology.standard().routes());

    @Test
    void matchesMethodPathAndCapturesParameters() {
        var match = routes.match("GET", "/orders/01ABC").orElseThrow();
        assertEquals("GET /orders/{orderId}", match.route().routeKey());
        assertEquals(Map.of("orderId", "01ABC"), match.pathParameters());
        assertEquals("orders-api", match.route().function());
        assertEquals("PUT /products/{sku}", routes.match("PUT", "/products/SKU-1").orElseThrow().route().routeKey());
        assertEquals("GET /orders", routes.match("GET", "/orders").orElseThrow().route().routeKey(), "the list, beside the single order");
        assertEquals(Map.of(), routes.match("GET", "/orders").orElseThrow().pathParameters());
    }

    @Test
    void unknownMethodsAndPathsDoNotMatch() {
        assertTrue(routes.match("DELETE", "/orders/1").isEmpty());
        assertTrue(routes.match("GET", "/users").isEmpty());
        assertTrue(routes.match("GET", "/orders/").isEmpty());
        assertTrue(routes.match("GET", "/orders/1/extra").isEmpty());
    }
}

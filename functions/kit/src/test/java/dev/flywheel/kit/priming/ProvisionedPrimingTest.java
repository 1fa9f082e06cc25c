package dev.flywheel.kit.priming;

import dev.flywheel.kit.config.Env;
import dev.flywheel.kit.testing.LambdaHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Through the real FunctionInvoker: a provisioned environment runs its fixtures during init, an on-demand one does not. */
class ProvisionedPrimingTest {
    private String previousMainClass;

    @BeforeEach
    void useThePrimedApp() {
        PrimedFunctions.SEEN.clear();
        previousMainClass = System.getProperty("MAIN_CLASS");
        System.setProperty("MAIN_CLASS", PrimedFunctions.class.getName());
    }

    @AfterEach
    void restore() {
        if (previousMainClass == null) System.clearProperty("MAIN_CLASS");
        else System.setProperty("MAIN_CLASS", previousMainClass);
        Env.install(System.getenv());
    }

    @Test
    void aProvisionedEnvironmentRunsEveryFixtureDuringInitThenServesAsUsual() {
        Env.install(Map.of("AWS_LAMBDA_INITIALIZATION_TYPE", "provisioned-concurrency"));

        LambdaHarness lambda = new LambdaHarness("primed", "test");
        assertEquals(ProvisionedPriming.ROUNDS, count("GET /orders/{orderId}"), "every round ran the read fixture before any request");
        assertEquals(ProvisionedPriming.ROUNDS, count("POST /orders"));

        assertEquals(204, lambda.invokeFixture("orders/get-order.json").get("statusCode").asInt());
        assertEquals(ProvisionedPriming.ROUNDS + 1, count("GET /orders/{orderId}"));
    }

    @Test
    void anOnDemandEnvironmentDoesNotPrime() {
        Env.install(Map.of("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand"));

        LambdaHarness lambda = new LambdaHarness("primed", "test");
        assertNull(PrimedFunctions.SEEN.get("GET /orders/{orderId}"), "init ran no request");

        lambda.invokeFixture("orders/get-order.json");
        assertEquals(1, count("GET /orders/{orderId}"));
    }

    private static int count(String routeKey) {
        AtomicInteger n = PrimedFunctions.SEEN.get(routeKey);
        return n == null ? 0 : n.get();
    }
}

package dev.flywheel.kit.priming;

import dev.flywheel.kit.config.Env;
import dev.flywheel.kit.testing.LambdaHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Through the real FunctionInvoker: a provisioned environment runs its fixtures during init, an on-demand one does not. */
class ProvisionedPrimingTest {
    private String previousMainClass;

    @BeforeEach
    void useThePrimedApp() {
        PrimedFunctions.SEEN.clear();
        PrimedFunctions.REQUEST_IDS.clear();
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

    /** Priming runs a real call's logging and metrics path (so that the first request finds it ready), and emits nothing. */
    @Test
    void primingRunsWithALambdaContextAndItsMetricsReachNoOutput() {
        Env.install(Map.of("AWS_LAMBDA_INITIALIZATION_TYPE", "provisioned-concurrency"));

        Printed<LambdaHarness> init = printing(() -> new LambdaHarness("primed", "test"));
        assertEquals(2 * ProvisionedPriming.ROUNDS, PrimedFunctions.REQUEST_IDS.size());
        assertTrue(PrimedFunctions.REQUEST_IDS.stream().allMatch(id -> id.startsWith("priming-")),
                "every priming call ran inside Powertools' logging set-up, with a context: " + PrimedFunctions.REQUEST_IDS.get(0));
        assertFalse(init.stdout().contains("PrimedRequests"), "no metric of a priming call was emitted:\n" + init.stdout());

        String request = printing(() -> init.result().invokeFixture("orders/get-order.json")).stdout();
        assertTrue(request.contains("\"PrimedRequests\""), "a real request's metrics still go out as EMF:\n" + request);
    }

    @Test
    void anOnDemandEnvironmentDoesNotPrime() {
        Env.install(Map.of("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand"));

        LambdaHarness lambda = new LambdaHarness("primed", "test");
        assertNull(PrimedFunctions.SEEN.get("GET /orders/{orderId}"), "init ran no request");

        lambda.invokeFixture("orders/get-order.json");
        assertEquals(1, count("GET /orders/{orderId}"));
    }

    private record Printed<T>(T result, String stdout) {}

    /** Runs {@code work} with standard output captured. EMF's sink reads System.out at each line. */
    private static <T> Printed<T> printing(Supplier<T> work) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            T result = work.get();
            return new Printed<>(result, captured.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(original);
        }
    }

    private static int count(String routeKey) {
        AtomicInteger n = PrimedFunctions.SEEN.get(routeKey);
        return n == null ? 0 : n.get();
    }
}

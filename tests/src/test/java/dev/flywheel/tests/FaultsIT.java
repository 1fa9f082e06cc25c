package dev.flywheel.tests;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flywheel.local.LocalPlatform;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ./flywheel load --fault ...}: a short steady run per kind of fault, and the invariants must hold after
 * each. A platform of its own with short timeouts, so that what a fault sends back to the queues returns in seconds.
 */
class FaultsIT {
    private static LocalPlatform platform;

    @BeforeAll
    static void start() {
        var options = TestPlatforms.options().withFreePorts().withScaling(0.2, 8).withMaxInstances(2);
        for (String worker : List.of("orders-worker", "inventory-worker", "payments-worker")) options = options.withFunctionTimeout(worker, 5);
        for (String queue : List.of("orders-intake", "orders-events", "inventory-commands", "payments-commands")) options = options.withVisibilityTimeout(queue, 10);
        platform = LocalPlatform.start(options);
    }

    @AfterAll
    static void stop() {
        if (platform != null) platform.close();
    }

    @Test
    void duplicateDeliveries() throws Exception {
        List<String> queues = List.of("inventory-commands", "payments-commands", "orders-events");
        Map<String, Long> before = new HashMap<>();
        queues.forEach(q -> before.put(q, platform.messagesDeliveredTwice(q)));
        long capturesBefore = captured();
        JsonNode summary = load("duplicates@1+8");
        // the fault did reach every hop of the saga: these are the fault's own second deliveries, not redeliveries
        for (String q : queues) {
            assertTrue(platform.messagesDeliveredTwice(q) > before.get(q), "the fault handed messages of " + q + " to its consumer a second time");
        }
        // and nothing happened twice: the verdict (load asserts it) checked the stock and one terminal state an order;
        // the provider, outside our tables, saw one capture per confirmed order of this run
        long confirmed = summary.get("figures").get("ordersByStatus").path("CONFIRMED").asLong();
        assertTrue(confirmed > 0, summary.get("figures").toString());
        assertEquals(confirmed, captured() - capturesBefore, "one capture per confirmed order, despite the second deliveries");
    }

    @Test
    void anInstanceKilledMidBatch() throws Exception {
        long errors = platform.stats("inventory-worker").errors();
        load("kill:inventory-worker@4");
        assertTrue(platform.stats("inventory-worker").errors() > errors, "an inventory-worker invocation died with its environment");
    }

    @Test
    void theProviderSlowThenFailingForAWindow() throws Exception {
        int attempts = platform.provider().attempts();
        long capturedBefore = platform.provider().captures().size();
        load("provider-slow:1500@2+3", "provider-fail@5+4");
        long recorded = platform.provider().captures().size() - capturedBefore;
        assertTrue(platform.provider().attempts() - attempts > recorded, "some capture attempts failed and were retried");
    }

    @Test
    void dynamoDbThrottlingAndErrorsInjected() throws Exception {
        long injectedBefore = injected();
        load("dynamo-throttle:0.3@2+3", "dynamo-error:0.2@5+3");
        assertTrue(injected() > injectedBefore, "DynamoDB requests were answered with injected throttles and errors");
    }

    @Test
    void poisonMessagesEndInTheDlqAlone() throws Exception {
        JsonNode summary = load("poison:3@2");
        JsonNode invariants = summary.get("figures").get("invariants");
        assertEquals(3, invariants.get("poisonSent").asLong(), invariants.toString());
        assertEquals(3, invariants.get("poisonInDeadLetterQueue").asLong(), "the poison, and only it, in orders-intake-dlq: " + invariants);
        assertEquals(0, invariants.get("otherDeadLetters").asLong(), invariants.toString());
    }

    /** A crash needs a supervisor to start the platform again (./flywheel up has one; a platform in a test JVM has none). */
    @Test
    void aCrashIsRefusedWhereNothingWouldStartThePlatformAgain() {
        var api = new dev.flywheel.local.gateway.ApiClient(platform.url());
        var answer = api.call(null, "POST", "/platform/faults", "{\"crash\":true}");
        assertEquals(409, answer.status(), answer.body());
        assertTrue(answer.body().contains("no supervisor would start this platform again"), answer.body());
        assertEquals(200, api.call(null, "GET", "/health", null).status(), "the platform is still up");
    }

    /** Production fails in combinations: eight faults overlapping in one run, while the product sells out. */
    @Test
    void eightFaultsAtOnceWhileTheStockRunsOut() throws Exception {
        long injectedBefore = injected();
        long inventoryErrors = platform.stats("inventory-worker").errors();
        JsonNode summary = run(List.of("--stock", "20", "--duration", "12"), COMBINED_FAULTS);
        assertTrue(injected() > injectedBefore, "DynamoDB faults were injected");
        assertTrue(platform.stats("inventory-worker").errors() > inventoryErrors, "an inventory-worker environment was killed mid-batch");
        JsonNode figures = summary.get("figures");
        assertTrue(figures.get("ordersByStatus").path("REJECTED").asLong() > 0, "the stock ran out: some orders were rejected: " + figures);
        JsonNode invariants = figures.get("invariants");
        assertEquals(20, invariants.get("initialStock").asLong());
        assertEquals(20, invariants.get("availableStock").asLong() + invariants.get("confirmed").asLong(), "stock conserved: " + invariants);
        assertEquals(invariants.get("confirmed").asLong(), invariants.get("captures").asLong(), "one capture per confirmed order: " + invariants);
        assertEquals(3, invariants.get("poisonInDeadLetterQueue").asLong(), invariants.toString());
        assertEquals(0, invariants.get("otherDeadLetters").asLong(), invariants.toString());
    }

    /** The combination the README shows; every one of them is also tested alone above. */
    static final String[] COMBINED_FAULTS = {"duplicates@2+8", "poison:3@3", "kill:inventory-worker@4", "kill:orders-worker@6",
            "provider-fail@3+4", "provider-slow:1500@7+3", "dynamo-throttle:0.2@2+4", "dynamo-error:0.1@6+3"};

    private static long captured() {
        return platform.provider().captures().stream().filter(c -> "captured".equals(c.status())).count();
    }

    private static long injected() {
        long n = 0;
        for (var op : platform.usage().operations().values()) n += op.injected();
        return n;
    }

    /** A 10-second steady run at 3 orders/s with the given faults; asserts a passing verdict and returns the summary. */
    private static JsonNode load(String... faults) throws Exception {
        return run(List.of(), faults);
    }

    /** The same, with options of its own ({@code [name, value, ...]}, overriding the defaults). */
    private static JsonNode run(List<String> options, String... faults) throws Exception {
        List<String> args = new ArrayList<>(List.of("--profile", "steady", "--rate", "3", "--duration", "10",
                "--clients", "4", "--warmup", "3", "--drain-seconds", "150"));
        for (int i = 0; i + 1 < options.size(); i += 2) { // the command takes each option once: override in place
            int at = args.indexOf(options.get(i));
            if (at >= 0) args.set(at + 1, options.get(i + 1));
            else args.addAll(options.subList(i, i + 2));
        }
        for (String f : faults) args.addAll(List.of("--fault", f));
        LoadRuns.Run run = LoadRuns.load(platform, args.toArray(String[]::new));
        assertEquals(0, run.exit(), "the invariants held under " + String.join(", ", faults) + ": " + run.summary().get("checks").toPrettyString());
        return run.summary();
    }
}

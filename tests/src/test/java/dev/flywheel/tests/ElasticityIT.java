package dev.flywheel.tests;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flywheel.local.LocalPlatform;
import dev.flywheel.local.meter.PlatformUsage;
import dev.flywheel.local.payments.FakePaymentProvider;
import dev.flywheel.local.runtime.FunctionStats;
import dev.flywheel.local.runtime.InstanceInfo;
import dev.flywheel.local.runtime.Priority;
import dev.flywheel.topology.FlywheelTopology;
import dev.flywheel.topology.FunctionSpec;
import dev.flywheel.topology.QueueSpec;
import dev.flywheel.topology.Topology;
import dev.flywheel.topology.TriggerSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.services.sqs.model.Message;

import java.time.Duration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The runtime behaving as Lambda does, on a platform of its own (every function a JVM process): malformed partial
 * batch responses, scale-out under a burst and back to zero, an instance killed mid-batch, a function that times
 * out. Time limits are shortened (visibility, idle, one function's timeout) so that each takes seconds.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ElasticityIT {
    static final String SCRIPTED = "scripted";
    static final String BULKY = "bulky";
    static final Path SEEN = Path.of("target", "bulky-seen.txt").toAbsolutePath();
    static final Duration IDLE = Duration.ofSeconds(3);
    private static LocalPlatform platform;
    private static Shop shop;

    @BeforeAll
    static void start() {
        Topology standard = FlywheelTopology.standard();
        // orders-api with two provisioned environments of its three at most: one can still start on demand
        List<FunctionSpec> functions = new ArrayList<>(standard.functions().stream()
                .map(f -> f.name().equals("orders-api") ? f.withProvisionedConcurrency(2) : f).toList());
        functions.add(new FunctionSpec(SCRIPTED, "tests", "tests/target/test-classes", SCRIPTED,
                "dev.flywheel.tests.fixtures.ScriptedBatchResponder::handleRequest", 256, 5, Map.of()));
        functions.add(new FunctionSpec(BULKY, "tests", "tests/target/test-classes", BULKY,
                "dev.flywheel.tests.fixtures.SeenRecorder::handleRequest", 512, 5, Map.of("SEEN_FILE", new dev.flywheel.topology.Binding.Literal(SEEN.toString()))));
        List<QueueSpec> queues = new ArrayList<>(standard.queues());
        queues.add(new QueueSpec(SCRIPTED, false, 1, SCRIPTED + "-dlq", 2, 3600));
        queues.add(new QueueSpec(SCRIPTED + "-dlq", false, 30, null, 0, 3600));
        queues.add(new QueueSpec(BULKY, false, 8, BULKY + "-dlq", 2, 3600));
        queues.add(new QueueSpec(BULKY + "-dlq", false, 30, null, 0, 3600));
        List<TriggerSpec> triggers = new ArrayList<>(standard.triggers());
        triggers.add(TriggerSpec.from(SCRIPTED).to(SCRIPTED).batchSize(1).maximumConcurrency(2).build());
        // the 6 MB cut comes before the batch size and the window
        triggers.add(TriggerSpec.from(BULKY).to(BULKY).batchSize(100).batchingWindowSeconds(3).maximumConcurrency(2).build());
        Topology withScripted = new Topology(functions, triggers, queues, standard.tables(), standard.routes());

        platform = LocalPlatform.start(TestPlatforms.options().withFreePorts().withTopology(withScripted)
                .withScaling(0.5, 8).withMaxInstances(3)            // start at 3 batches, +2.5 a second; 3 JVMs per function
                .withIdleLimit(IDLE)
                .withVisibilityTimeout("inventory-commands", 5)     // a killed batch is back in 5 s
                // 5 s: at 3 s, cold payments-worker environments timed out on batches of 10 even in green runs
                // (8 in one, 30 in each of two red ones), and the retries of Order 3 then outlasted its minute
                .withFunctionTimeout("payments-worker", 5)
                .withVisibilityTimeout("payments-commands", 8)
                .withEnvironment("payments-worker", "PAYMENT_PROVIDER_TIMEOUT_MS", "15000")); // so the function times out first
        shop = new Shop(platform);
    }

    @AfterAll
    static void stop() {
        if (platform != null) platform.close();
    }

    @Test
    @Order(1)
    void malformedBatchResponsesCrashesAndOverMemoryFailTheWholeBatchAndValidOnesDeleteWhatSucceeded() {
        List<String> succeeding = List.of("null", "empty-object", "empty-list");
        List<String> failing = List.of("fail-self", "empty-id", "null-id", "unknown-id", "not-json", "array", "throw", "exit", "hog");
        String url = platform.resources().queueUrl(SCRIPTED);
        for (String c : concat(succeeding, failing)) platform.sqs().sendMessage(b -> b.queueUrl(url).messageBody("case:" + c));

        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline && (shop.queueDepth(SCRIPTED) > 0 || shop.queueDepth(SCRIPTED + "-dlq") < failing.size())) {
            Shop.sleep(250);
        }
        Set<String> dead = new HashSet<>();
        String dlq = platform.resources().queueUrl(SCRIPTED + "-dlq");
        for (int i = 0; i < 5 && dead.size() < failing.size(); i++) {
            for (Message m : platform.sqs().receiveMessage(b -> b.queueUrl(dlq).maxNumberOfMessages(10).waitTimeSeconds(1)).messages()) {
                dead.add(m.body().substring("case:".length()));
            }
        }
        assertEquals(Set.copyOf(failing), dead, "exactly the failing answers sent their message to the DLQ (after 2 receives)");
        assertEquals(0, shop.queueDepth(SCRIPTED), "the succeeding ones were deleted");
        FunctionStats stats = platform.stats(SCRIPTED);
        assertTrue(stats.coldStarts() >= 2, "the runtime that exited was replaced by a new environment: " + stats);
    }

    @Test
    @Order(2)
    void aBurstScalesTheWorkersOutAndIdleInstancesAreReclaimedToZero() throws Exception {
        String sku = Shop.unique("SKU");
        shop.product(sku, 500, 10_000, 8);
        AtomicInteger peakInstances = new AtomicInteger();
        AtomicBoolean watching = new AtomicBoolean(true);
        Thread watcher = new Thread(() -> {
            while (watching.get()) {
                int n = platform.stats("orders-worker").instances() + platform.stats("inventory-worker").instances();
                peakInstances.accumulateAndGet(n, Math::max);
                Shop.sleep(50);
            }
        });
        watcher.start();
        List<String[]> orders = placeConcurrently(sku, 100, "tok_visa");
        for (String[] o : orders) assertEquals("CONFIRMED", shop.awaitTerminal(o[0], o[1], SagaScenarios.SAGA_TIMEOUT).get("status").asText());
        watching.set(false);
        watcher.join();

        int peakIntake = platform.peakConcurrency("orders-intake");
        assertTrue(peakIntake > 1, "orders-intake's mapping ran more than one batch at a time: " + peakIntake);
        assertTrue(peakInstances.get() > 2, "the two workers ran more than one environment each at some point: " + peakInstances.get());
        assertEquals(100, shop.capturesOfSku(sku), "one capture per confirmed order");

        long deadline = System.currentTimeMillis() + IDLE.toMillis() + 20_000;
        while (System.currentTimeMillis() < deadline && platform.stats().stream().anyMatch(s -> s.instances() > s.provisioned())) Shop.sleep(250);
        for (FunctionStats s : platform.stats()) {
            assertEquals(s.provisioned(), s.instances(), s.function() + " scaled in to its provisioned environments (none for most) once idle: " + s);
        }
        assertEquals(0, platform.stats("orders-worker").instances(), "a worker scales to zero");
        assertEquals(2, platform.stats("orders-api").provisioned(), "orders-api keeps its provisioned concurrency however idle");
        for (String queue : List.of("orders-intake", "orders-events", "inventory-commands", "payments-commands")) {
            assertTrue(platform.peakConcurrency(queue) <= 8, "never above the machine-wide limit");
        }

        long apiColdBefore = platform.stats("orders-api").coldStarts(), workerColdBefore = platform.stats("orders-worker").coldStarts();
        String[] next = placeConcurrently(sku, 1, "tok_visa").get(0);
        shop.awaitTerminal(next[0], next[1], SagaScenarios.SAGA_TIMEOUT);
        assertEquals(apiColdBefore, platform.stats("orders-api").coldStarts(), "a provisioned environment answers after the idle period: no cold start");
        assertTrue(platform.stats("orders-worker").coldStarts() > workerColdBefore, "the first event after scale-to-zero pays a cold start");
    }

    @Test
    @Order(6)
    void aProvisionedEnvironmentThatDiesIsReplacedBeforeTheNextRequestNeedsIt() throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        // on-demand environments reclaimed (idle limit 3 s): the two left idle are the provisioned ones
        while (System.currentTimeMillis() < deadline && (platform.instances("orders-api").size() != 2
                || platform.instances("orders-api").stream().anyMatch(InstanceInfo::busy))) Shop.sleep(250);
        InstanceInfo victim = platform.instances("orders-api").stream().filter(i -> !i.busy()).findFirst().orElseThrow();
        long coldBefore = platform.stats("orders-api").coldStarts();
        assertTrue(ProcessHandle.of(victim.pid()).map(ProcessHandle::destroyForcibly).orElse(false), "killed " + victim.id());

        deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline && (platform.stats("orders-api").provisioned() < 2
                || platform.instances("orders-api").stream().anyMatch(i -> i.pid() == victim.pid()))) Shop.sleep(250);
        assertTrue(platform.instances("orders-api").stream().noneMatch(i -> i.pid() == victim.pid()), "the dead environment was let go");
        assertEquals(2, platform.stats("orders-api").provisioned(), "and a provisioned one took its place");

        String sku = Shop.unique("SKU");
        shop.product(sku, 500, 10, 1);
        String[] order = placeConcurrently(sku, 1, "tok_visa").get(0);
        assertEquals("CONFIRMED", shop.awaitTerminal(order[0], order[1], SagaScenarios.SAGA_TIMEOUT).get("status").asText());
        assertEquals(coldBefore, platform.stats("orders-api").coldStarts(), "the next request found a warm environment, not a cold start");
    }

    @Test
    @Order(5)
    void queueFedEnvironmentsYieldTheCpuToTheOnesThatServeHttp() throws Exception {
        String sku = Shop.unique("SKU");
        shop.product(sku, 500, 100, 1);
        String[] order = placeConcurrently(sku, 1, "tok_visa").get(0);
        shop.awaitTerminal(order[0], order[1], SagaScenarios.SAGA_TIMEOUT);
        // orders-worker took the saga's last hop just now: its environment is alive for the idle limit
        List<InstanceInfo> workers = platform.instances("orders-worker"), api = platform.instances("orders-api");
        assertFalse(workers.isEmpty(), "orders-worker has an environment");
        assertFalse(api.isEmpty(), "orders-api has an environment");
        for (InstanceInfo i : workers) assertEquals(Priority.WORKER_NICENESS, Priority.of(i.pid()).orElseThrow(), i.id() + " runs at the workers' priority");
        for (InstanceInfo i : api) assertEquals(0, Priority.of(i.pid()).orElseThrow(), i.id() + " runs at the platform's own priority");
        assertEquals(Priority.WORKER_NICENESS, platform.niceness("payments-worker"));
        assertEquals(0, platform.niceness("users-api"));
        // and so do the platform's own threads that serve them (this JVM runs the platform): the event-source pollers
        Map<String, List<Integer>> threads = platformThreadNiceness();
        List<Integer> pollers = threads.entrySet().stream().filter(e -> e.getKey().startsWith("esm-"))
                .flatMap(e -> e.getValue().stream()).toList();
        assertFalse(pollers.isEmpty(), "the platform runs event-source pollers: " + threads.keySet());
        for (int nice : pollers) assertEquals(Priority.WORKER_NICENESS, nice, "an event-source poller runs at the workers' priority");
        for (int nice : threads.getOrDefault("front-door", List.of())) assertEquals(0, nice, "the front door runs at the platform's own");
    }

    /** This JVM's threads by name (Linux cuts names at 15 characters), with the nice value of each. */
    private static Map<String, List<Integer>> platformThreadNiceness() throws java.io.IOException {
        Map<String, List<Integer>> byName = new java.util.TreeMap<>();
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : tasks.toList()) {
                String name;
                try {
                    name = Files.readString(task.resolve("comm")).strip();
                } catch (java.io.IOException gone) {
                    continue; // the thread ended while we listed
                }
                // a thread id is a /proc entry of its own: the same reading as for a process
                Priority.of(Long.parseLong(task.getFileName().toString()))
                        .ifPresent(nice -> byName.computeIfAbsent(name, k -> new ArrayList<>()).add(nice));
            }
        }
        return byName;
    }

    @Test
    @Order(3)
    void anInstanceKilledMidBatchLosesNothing() throws Exception {
        String sku = Shop.unique("SKU");
        shop.product(sku, 700, 1_000, 4);
        long errorsBefore = platform.stats("inventory-worker").errors();
        AtomicBoolean killed = new AtomicBoolean();
        Thread killer = new Thread(() -> {
            long until = System.currentTimeMillis() + 60_000;
            while (!killed.get() && System.currentTimeMillis() < until) {
                if (platform.killMidInvocation("inventory-worker").isPresent()) killed.set(true);
                else Shop.sleep(2);
            }
        });
        killer.start();
        List<String[]> orders = placeConcurrently(sku, 40, "tok_visa");
        for (String[] o : orders) assertEquals("CONFIRMED", shop.awaitTerminal(o[0], o[1], SagaScenarios.SAGA_TIMEOUT).get("status").asText());
        killer.join();

        assertTrue(killed.get(), "an inventory-worker instance was killed with an invocation in flight");
        assertTrue(platform.stats("inventory-worker").errors() > errorsBefore, "the killed invocation counted as an error");
        assertEquals(1_000 - 40, shop.stockInTable(sku), "stock conserved: exactly one reservation per order");
        assertEquals(40, shop.capturesOfSku(sku), "exactly one capture per order");
        assertEquals(0, shop.queueDepth("inventory-commands-dlq"));
    }

    @Test
    @Order(4)
    void aFunctionThatTimesOutIsStoppedAndItsMessageRetried() {
        String sku = Shop.unique("SKU");
        shop.product(sku, 900, 10, 1);
        long timeoutsBefore = platform.stats("payments-worker").timeouts();
        platform.provider().mode(FakePaymentProvider.Mode.SLOW, Duration.ofSeconds(8)); // longer than the 5 s timeout
        try {
            String user = Shop.unique("user");
            String orderId = shop.order(user, sku, 1, "tok_visa");
            long deadline = System.currentTimeMillis() + 40_000;
            while (System.currentTimeMillis() < deadline && platform.stats("payments-worker").timeouts() == timeoutsBefore) Shop.sleep(200);
            assertTrue(platform.stats("payments-worker").timeouts() > timeoutsBefore, "payments-worker timed out");
            platform.provider().mode(FakePaymentProvider.Mode.OK, Duration.ZERO);
            JsonNode order = shop.awaitTerminal(user, orderId, SagaScenarios.SAGA_TIMEOUT);
            assertEquals("CONFIRMED", order.get("status").asText(), "the retried message completed the order");
            assertEquals(1, shop.capturesOf(orderId, "captured"), "the timed-out capture and its retry are one capture");
        } finally {
            platform.provider().mode(FakePaymentProvider.Mode.OK, Duration.ZERO);
        }
    }

    /** Places {@code n} orders of one unit each from 4 client threads; each element is {user, orderId}. */
    private static List<String[]> placeConcurrently(String sku, int n, String token) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(4);
        try {
            List<Future<String[]>> futures = IntStream.range(0, n).mapToObj(i -> clients.submit(() -> {
                String user = Shop.unique("user");
                return new String[] {user, shop.order(user, sku, 1, token)};
            })).toList();
            List<String[]> orders = new ArrayList<>();
            for (Future<String[]> f : futures) orders.add(f.get());
            return orders;
        } finally {
            clients.shutdown();
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    @Test
    @Order(7)
    void aBatchIsCutAt6MegabytesAndNoMessageReachesTheDlqWithoutMaxReceiveCountDeliveries() throws Exception {
        Files.deleteIfExists(SEEN);
        String url = platform.resources().queueUrl(BULKY);
        String padding = "x".repeat(200 * 1024);
        Set<String> ok = new HashSet<>(), failing = new HashSet<>();
        // 22 MB: more than both batch slots can take at once, so that both cut, and what neither took must wait its turn;
        // every tenth message is at SQS's 1 MiB limit (it was 256 KiB), so a batch also cuts at five or six of those
        for (int i = 0; i < 80; i++) {
            String key = (i % 4 == 3 ? "fail-" : "ok-") + i;
            (key.startsWith("fail") ? failing : ok).add(key);
            String body = i % 10 == 9 ? key + "-" + "x".repeat(1024 * 1024 - key.length() - 1) : key + "-" + padding;
            platform.sqs().sendMessage(b -> b.queueUrl(url).messageBody(body));
        }
        String dlq = platform.resources().queueUrl(BULKY + "-dlq");
        long deadline = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < deadline && (shop.queueDepth(BULKY) > 0 || shop.queueDepth(BULKY + "-dlq") < failing.size())) Shop.sleep(500);

        Map<String, Integer> deliveries = new java.util.HashMap<>();
        List<String> invocations = Files.readAllLines(SEEN);
        for (String line : invocations) {
            String[] parts = line.split(" ");
            assertTrue(Long.parseLong(parts[0]) <= 6L * 1024 * 1024, "an invocation's event is at most 6 MB: " + parts[0] + " bytes");
            for (int i = 1; i < parts.length; i++) deliveries.merge(parts[i], 1, Integer::sum);
        }
        assertTrue(invocations.size() >= 4, "22 MB of messages cannot go in three batches: " + invocations.size() + " invocations");
        Set<String> dead = new HashSet<>();
        for (int i = 0; i < 10 && dead.size() < failing.size(); i++) {
            for (Message m : platform.sqs().receiveMessage(b -> b.queueUrl(dlq).maxNumberOfMessages(10).waitTimeSeconds(1)).messages()) {
                dead.add(m.body().substring(0, m.body().indexOf('-', m.body().indexOf('-') + 1)));
            }
        }
        assertEquals(failing, dead, "only the failing messages are in the DLQ");
        for (String key : dead) assertEquals(2, deliveries.getOrDefault(key, 0), key + " reached the DLQ after exactly maxReceiveCount (2) deliveries to the function");
        for (String key : ok) assertTrue(deliveries.getOrDefault(key, 0) >= 1, key + " was delivered");
        assertEquals(0, shop.queueDepth(BULKY), "everything that succeeded was deleted");
    }

    @Test
    @Order(8)
    void aBatchingWindowGathersWithoutABusyLoop() throws Exception {
        String url = platform.resources().queueUrl(BULKY);
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline && shop.queueDepth(BULKY) > 0) Shop.sleep(200);
        long idleFrom = emptyReceives();
        Shop.sleep(4_000); // what every idle poller of the platform asks in 4 s: the yardstick for the window's 4 s below
        long idle = emptyReceives() - idleFrom;
        Files.deleteIfExists(SEEN);
        long windowFrom = emptyReceives();
        platform.sqs().sendMessage(b -> b.queueUrl(url).messageBody("ok-901-first"));
        Shop.sleep(1_000); // well inside the 3 s window that the first message opened
        platform.sqs().sendMessage(b -> b.queueUrl(url).messageBody("ok-902-second"));

        deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline && !(Files.exists(SEEN) && Files.readString(SEEN).contains("ok-902"))) Shop.sleep(200);
        long inWindow = emptyReceives() - windowFrom;
        List<String> invocations = Files.readAllLines(SEEN);
        assertEquals(1, invocations.size(), "both messages went in one invocation: " + invocations);
        assertTrue(invocations.get(0).endsWith(" ok-901 ok-902"), "in the order they were sent: " + invocations.get(0));
        // SQS waits in whole seconds: in a window's last second, a poller that asked with no wait spun (71 against 18 idle, measured)
        assertTrue(inWindow <= idle + 25, "empty receives while the window gathered: " + inWindow + ", in 4 idle seconds: " + idle);
    }

    private static long emptyReceives() {
        PlatformUsage.Operation empty = platform.usageSoFar().aws().get("sqs:ReceiveMessage(empty)");
        return empty == null ? 0 : empty.requests();
    }
}

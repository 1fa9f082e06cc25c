package dev.flywheel.tests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flywheel.local.auth.LocalIssuer;
import dev.flywheel.local.emulators.EmbeddedEmulators;
import dev.flywheel.local.emulators.Endpoints;
import dev.flywheel.local.emulators.LocalAws;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The platform survives its own crash: {@code ./flywheel up} as a process of its own on a data directory takes a
 * stream of orders, then it and every function JVM it started are killed with SIGKILL while orders are in flight.
 * Started again on the same data, every accepted order reaches a terminal state, stock is conserved and no DLQ
 * holds anything, and the payment provider (part of the killed process, keeping its captures in the same data
 * directory) holds exactly one capture per confirmed order and none for any other.
 */
class CrashRecoveryIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Set<String> TERMINAL = Set.of("CONFIRMED", "REJECTED", "CANCELLED");
    private static final List<String> QUEUES = List.of("orders-intake", "orders-events", "inventory-commands", "payments-commands");

    @Test
    void everyAcceptedOrderEndsAfterASigkillAndARestart(@TempDir Path data) throws Exception {
        Path root = Path.of(System.getProperty("flywheel.root", "..")).toAbsolutePath().normalize();
        LocalIssuer issuer = LocalIssuer.at(root);
        String admin = issuer.token("admin-1", true, Duration.ofHours(1));
        String user = issuer.token("crash-user", false, Duration.ofHours(1));

        Running platform = up(root, data);
        URI api = platform.api();
        List<String> accepted = new ArrayList<>();
        int stock = 500;
        long pendingAtKill;
        int capturedAtKill;
        try {
            send(api, "PUT", "/products/SKU-CRASH", admin, "{\"name\":\"crash\",\"price\":{\"amount\":100,\"currency\":\"EUR\"},\"stock\":" + stock + ",\"shards\":2}");
            for (int i = 0; i < 40; i++) {
                HttpResponse<String> r = send(api, "POST", "/orders", user, "{\"items\":[{\"sku\":\"SKU-CRASH\",\"quantity\":1}],\"paymentToken\":\"tok_visa\"}");
                if (r.statusCode() == 202) accepted.add(JSON.readTree(r.body()).get("orderId").asText());
                Thread.sleep(50);
            }
            // kill once the provider has charged someone, so that captures made before the crash meet their orders after it
            long until = System.currentTimeMillis() + 90_000;
            while ((capturedAtKill = captures(platform.ports()[3]).size()) == 0 && System.currentTimeMillis() < until) Thread.sleep(100);
            pendingAtKill = 0;
            for (String id : accepted)
                if (!TERMINAL.contains(JSON.readTree(send(api, "GET", "/orders/" + id, user, null).body()).path("status").asText())) pendingAtKill++;
        } finally {
            killWithEverythingItStarted(platform.process()); // SIGKILL, orders in flight
        }
        assertEquals(40, accepted.size(), "every order was accepted before the kill");

        Running again = up(root, data); // on new ports: what matters is the data directory
        api = again.api();
        int[] ports = again.ports();
        try {
            long deadline = System.currentTimeMillis() + 180_000;
            Map<String, String> status = new HashMap<>();
            while (System.currentTimeMillis() < deadline) {
                status.clear();
                for (String id : accepted) status.put(id, JSON.readTree(send(api, "GET", "/orders/" + id, user, null).body()).path("status").asText());
                if (TERMINAL.containsAll(status.values())) break;
                Thread.sleep(2_000);
            }
            assertTrue(TERMINAL.containsAll(status.values()), "every accepted order reached a terminal state: " + status);
            long confirmed = status.values().stream().filter("CONFIRMED"::equals).count();
            long available = JSON.readTree(send(api, "GET", "/products/SKU-CRASH", admin, null).body()).path("available").asLong();
            assertEquals(stock, available + confirmed, "stock is conserved: " + available + " available + " + confirmed + " confirmed");
            try (SqsClient sqs = LocalAws.sqs(Endpoints.of("http://127.0.0.1:" + ports[1], "http://127.0.0.1:" + ports[2]))) {
                for (String queue : QUEUES) {
                    String dlq = sqs.getQueueUrl(b -> b.queueName(queue + "-dlq")).queueUrl();
                    assertEquals("0", sqs.getQueueAttributes(b -> b.queueUrl(dlq).attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                            .attributes().get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES), queue + "-dlq is empty");
                }
            }
            Map<String, Long> capturesPerOrder = new HashMap<>();
            for (String orderId : captures(ports[3])) capturesPerOrder.merge(orderId, 1L, Long::sum);
            Map<String, Long> expected = new HashMap<>();
            status.forEach((id, s) -> { if ("CONFIRMED".equals(s)) expected.put(id, 1L); });
            assertEquals(expected, capturesPerOrder, "exactly one capture per confirmed order, none for others, across the crash");
            System.out.printf("crash test: %d orders accepted before the SIGKILL, %d of them not yet terminal then, %d captured; after the restart "
                            + "%d confirmed, %d others, %d captures, stock %d = %d + %d%n",
                    accepted.size(), pendingAtKill, capturedAtKill, confirmed, accepted.size() - confirmed, capturesPerOrder.size(), stock, available, confirmed);
        } finally {
            killWithEverythingItStarted(again.process());
        }
    }

    /**
     * The same guarantee as a fault of {@code ./flywheel load}: {@code crash@8} SIGKILLs the platform and its functions
     * mid-run, {@code up}'s supervisor starts it again on the same data, the harness sends unanswered requests again
     * with their Idempotency-Key, and the run's verdict (every order terminal, stock conserved, captures one to one,
     * DLQs) must pass.
     */
    @Test
    void aCrashFaultInALoadRunIsSurvivedByEveryInvariant(@TempDir Path data) throws Exception {
        Path root = Path.of(System.getProperty("flywheel.root", "..")).toAbsolutePath().normalize();
        Running platform = up(root, data);
        try {
            long platformBefore = onlyChild(platform.process());
            LoadRuns.Run run = LoadRuns.load(platform.api(), "--profile", "steady", "--rate", "4", "--duration", "30", "--warmup", "3",
                    "--clients", "8", "--stock", "2000", "--shards", "2", "--fault", "crash@8", "--drain-seconds", "240");
            JsonNode figures = run.summary().get("figures");
            assertEquals(0, run.exit(), "the verdict passed across the crash: " + run.summary().toPrettyString());
            assertTrue(platform.process().isAlive(), "the supervisor kept running");
            long platformAfter = onlyChild(platform.process());
            assertTrue(platformAfter != platformBefore, "the platform process was replaced: " + platformBefore + " → " + platformAfter);
            assertTrue(figures.path("resentDuringCrash").asLong() > 0,
                    "requests were due while the platform was down: " + figures);
            assertEquals(0, figures.get("failed").asLong(), "every request got an answer in the end: " + figures);
            System.out.printf("crash fault: %d orders, %d attempts sent again during the restart, platform pid %d → %d%n",
                    figures.get("distinctOrders").asLong(), figures.get("resentDuringCrash").asLong(), platformBefore, platformAfter);
        } finally {
            killWithEverythingItStarted(platform.process());
        }
    }

    /** The platform JVM under {@code ./flywheel up}'s supervisor. */
    private static long onlyChild(Process supervisor) {
        List<ProcessHandle> children = supervisor.children().filter(ProcessHandle::isAlive).toList();
        assertEquals(1, children.size(), "the supervisor runs one platform: " + children);
        return children.get(0).pid();
    }

    /** The order id of every capture the payment provider on {@code port} has recorded (declines left out). */
    private static List<String> captures(int port) throws Exception {
        List<String> orderIds = new ArrayList<>();
        for (JsonNode capture : JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/captures")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body()))
            if ("captured".equals(capture.path("status").asText())) orderIds.add(capture.path("orderId").asText());
        return orderIds;
    }

    private record Running(Process process, int[] ports) {
        URI api() { return URI.create("http://127.0.0.1:" + ports[0]); }
    }

    /**
     * Starts the platform and waits for its health. Free ports are chosen here and taken by the platform a moment
     * later, so another process may take one in between: then it starts again on others.
     */
    private static Running up(Path root, Path data) throws Exception {
        for (int attempt = 1; ; attempt++) {
            int[] ports = {EmbeddedEmulators.freePort(), EmbeddedEmulators.freePort(), EmbeddedEmulators.freePort(), EmbeddedEmulators.freePort()};
            Process p = up(root, ports, data);
            try {
                awaitHealth(URI.create("http://127.0.0.1:" + ports[0]), p);
                return new Running(p, ports);
            } catch (IllegalStateException exited) {
                killWithEverythingItStarted(p);
                if (attempt == 5) throw exited;
            }
        }
    }

    /** {@code ./flywheel up} as its own process, on free ports and {@code data}, with short visibility timeouts. */
    private static Process up(Path root, int[] ports, Path data) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dflywheel.root=" + root, "-cp", System.getProperty("java.class.path"), "dev.flywheel.local.cli.Main", "up",
                "--port", Integer.toString(ports[0]), "--sqs-port", Integer.toString(ports[1]), "--dynamodb-port", Integer.toString(ports[2]),
                "--provider-port", Integer.toString(ports[3]), "--data", data.toString(), "--no-provisioned"));
        for (String queue : QUEUES) command.addAll(List.of("--visibility-timeout", queue + "=8"));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(data.resolveSibling(data.getFileName() + "-up.log").toFile()).start();
    }

    private static void killWithEverythingItStarted(Process p) throws InterruptedException {
        List<ProcessHandle> all = new ArrayList<>(p.descendants().toList());
        all.add(p.toHandle());
        all.forEach(ProcessHandle::destroyForcibly); // SIGKILL on Linux
        for (ProcessHandle h : all) h.onExit().join();
    }

    private static void awaitHealth(URI api, Process p) throws Exception {
        long deadline = System.currentTimeMillis() + 180_000;
        while (System.currentTimeMillis() < deadline) {
            if (!p.isAlive()) throw new IllegalStateException("the platform exited with " + p.exitValue());
            try {
                if (HTTP.send(HttpRequest.newBuilder(api.resolve("/health")).GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) return;
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("the platform did not come up within 3 minutes");
    }

    private static HttpResponse<String> send(URI api, String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(api.resolve(path)).timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) r.header("Content-Type", "application/json");
        return HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }
}

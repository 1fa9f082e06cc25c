package dev.flywheel.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flywheel.local.provision.FunctionEnvironment;
import dev.flywheel.local.emulators.EmbeddedEmulators;
import dev.flywheel.local.emulators.LocalAws;
import dev.flywheel.local.payments.FakePaymentProvider;
import dev.flywheel.local.provision.Provisioner;
import dev.flywheel.local.provision.Resources;
import dev.flywheel.local.runtime.InvocationResult;
import dev.flywheel.local.runtime.ProcessInstance;
import dev.flywheel.local.runtime.RuntimeHome;
import dev.flywheel.topology.FlywheelTopology;
import dev.flywheel.topology.FunctionSpec;
import dev.flywheel.topology.Topology;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Warm cost of one 10-message SQS batch per worker: a warm execution environment (the real deployment jar under
 * the runtime interface client, a JVM of its own) on the embedded emulators, fed 10 fresh messages per call, so
 * every call does the real work (no duplicate short-cuts). The figure includes the Runtime API hop (about 1 ms),
 * as Lambda's billed duration would not, and the emulators' latency, which AWS's would replace.
 *
 * <p>Run: {@code ./mvnw -q -pl benchmarks -am -Pjmh verify} (see the README).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
// JMH halts its forked JVM, so exit hooks do not run: the fork's temporary files go under target/, not /tmp
@Fork(value = 1, jvmArgsAppend = "-Djava.io.tmpdir=target")
public class BatchBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private static final Map<String, String> FIXTURES = Map.of(
            "orders-worker", "events/orders/sqs-ten-orders-placed.json",
            "inventory-worker", "events/inventory/sqs-reserve-stock.json",
            "payments-worker", "events/payments/sqs-capture-payment.json");

    @Param({"orders-worker", "inventory-worker", "payments-worker"})
    public String function;

    private EmbeddedEmulators emulators;
    private FakePaymentProvider provider;
    private RuntimeHome home;
    private ProcessInstance instance;
    private JsonNode template;

    @Setup(Level.Trial)
    public void start() throws Exception {
        Path root = Path.of(System.getProperty("flywheel.root", "..")).toAbsolutePath().normalize();
        Topology topology = FlywheelTopology.standard();
        emulators = EmbeddedEmulators.start(0, 0);
        provider = FakePaymentProvider.start(0);
        Resources resources = new Provisioner(LocalAws.sqs(emulators.endpoints()), LocalAws.dynamo(emulators.endpoints()), "").provision(topology);
        home = RuntimeHome.create();
        // the SKU the fixtures order, with stock for every batch the benchmark will reserve
        FunctionSpec inventoryApi = topology.function("inventory-api");
        ObjectNode put = (ObjectNode) JSON.readTree(root.resolve("events/inventory/put-product.json").toFile());
        put.put("body", "{\"name\":\"bench\",\"price\":{\"amount\":1999,\"currency\":\"EUR\"},\"stock\":100000000,\"shards\":16}");
        ProcessInstance admin = start(root, inventoryApi, resources);
        InvocationResult seeded = admin.invoke(JSON.writeValueAsBytes(put), UUID.randomUUID().toString(), System.currentTimeMillis() + 60_000);
        admin.close();
        if (!seeded.succeeded()) throw new IllegalStateException("could not define the product: " + seeded.message());

        instance = start(root, topology.function(function), resources);
        template = JSON.readTree(root.resolve(FIXTURES.get(function)).toFile()).get("Records").get(0);
        for (int i = 0; i < 20; i++) batch(); // the first calls load classes; JMH's warm-up does the rest
    }

    private ProcessInstance start(Path root, FunctionSpec f, Resources resources) {
        Map<String, String> env = FunctionEnvironment.of(f, emulators.endpoints(), resources, provider.baseUrl(), Map.of());
        return ProcessInstance.start(f.name(), f, root.resolve(f.jar()), env, home, Duration.ofMinutes(2), line -> { }, java.util.List.of());
    }

    @Benchmark
    public InvocationResult batch() throws Exception {
        ObjectNode event = JSON.createObjectNode();
        ArrayNode records = event.putArray("Records");
        for (int i = 0; i < 10; i++) {
            ObjectNode r = template.deepCopy();
            String body = r.get("body").asText();
            JsonNode envelope = JSON.readTree(body);
            body = body.replace(envelope.get("id").asText(), ulid());
            if (envelope.path("data").has("orderId")) body = body.replace(envelope.get("data").get("orderId").asText(), ulid());
            r.put("body", body);
            r.put("messageId", UUID.randomUUID().toString());
            records.add(r);
        }
        InvocationResult result = instance.invoke(JSON.writeValueAsBytes(event), UUID.randomUUID().toString(), System.currentTimeMillis() + 60_000);
        if (!result.succeeded()) throw new IllegalStateException(function + " failed: " + result.message());
        return result;
    }

    private static String ulid() {
        StringBuilder s = new StringBuilder("01KAQ");
        for (int i = 0; i < 21; i++) s.append(CROCKFORD.charAt(ThreadLocalRandom.current().nextInt(32)));
        return s.toString();
    }

    @TearDown(Level.Trial)
    public void stop() {
        if (instance != null) instance.close();
        if (home != null) home.close();
        if (provider != null) provider.close();
        if (emulators != null) emulators.close();
    }
}

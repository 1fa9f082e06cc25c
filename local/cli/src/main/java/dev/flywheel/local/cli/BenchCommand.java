package dev.flywheel.local.cli;

import dev.flywheel.local.provision.FunctionEnvironment;
import dev.flywheel.local.runtime.InvocationResult;
import dev.flywheel.local.runtime.ProcessInstance;
import dev.flywheel.local.runtime.RuntimeHome;
import dev.flywheel.topology.Binding;
import dev.flywheel.topology.FlywheelTopology;
import dev.flywheel.topology.FunctionSpec;
import dev.flywheel.topology.Topology;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;

@Command(name = "bench-cold-start", mixinStandardHelpOptions = true,
        description = {"Cold start of every function in a fresh JVM (process start to first response, through the runtime interface client),",
                "without and with an AppCDS archive, beside plain RequestStreamHandlers doing orders-api's GET and orders-worker's batch, and the GET's",
                "plain code as a bare Spring Cloud Function (the framework's floor). Runs alternate, one function at a time,",
                "so the ratios are measured side by side in one run. Prints medians. The records the lookups read are stored first, every worker run",
                "gets a new order, and every first response must be a success, or the benchmark stops."})
public final class BenchCommand implements Callable<Integer> {
    static final String PLAIN = "plain-orders-lookup";
    static final String PLAIN_WORKER = "plain-order-intake";
    static final String PLAIN_JAR = "benchmarks/target/flywheel-plain-baseline-lambda.jar";
    /** The plain lookup's code as a Spring Cloud Function without the kit: what the framework alone adds (benchmarks/spring-floor). */
    static final String FLOOR = "spring-floor-lookup";
    static final String FLOOR_JAR = "benchmarks/spring-floor/target/flywheel-spring-floor-lambda.jar";
    /** The event each function's first response answers (a real read or write behind each). */
    static final Map<String, String> EVENTS = Map.of(
            "users-api", "events/users/get-user.json",
            "orders-api", "events/orders/get-order.json",
            PLAIN, "events/orders/get-order.json",
            FLOOR, "events/orders/get-order.json",
            PLAIN_WORKER, "events/orders/sqs-order-placed.json",
            "orders-worker", "events/orders/sqs-order-placed.json",
            "inventory-api", "events/inventory/get-product.json",
            "inventory-worker", "events/inventory/sqs-reserve-stock.json",
            "payments-worker", "events/payments/sqs-capture-payment.json");

    @Option(names = "--runs", defaultValue = "5", description = "cold starts per function and variant (default: ${DEFAULT-VALUE})")
    int runs;

    @Override
    public Integer call() throws Exception {
        Path root = RepositoryRoot.path();
        Topology topology = FlywheelTopology.standard();
        List<FunctionSpec> functions = new ArrayList<>(topology.functions());
        for (String jar : List.of(PLAIN_JAR, FLOOR_JAR)) {
            if (!Files.isRegularFile(root.resolve(jar))) {
                System.err.println("flywheel: " + jar + " is missing: ./mvnw -q -DskipTests package -pl benchmarks,benchmarks/spring-floor -am");
                return 2;
            }
        }
        FunctionSpec ordersWorker = topology.function("orders-worker");
        functions.addAll(0, lookupBaselines(topology));
        functions.add(2, new FunctionSpec(PLAIN_WORKER, "benchmarks", PLAIN_JAR, "-", "dev.flywheel.bench.plain.PlainOrderIntake::handleRequest",
                ordersWorker.memoryMb(), ordersWorker.timeoutSeconds(), ordersWorker.environment()));
        List<AutoCloseable> opened = new ArrayList<>();
        Map<String, double[]> results = new LinkedHashMap<>();
        try (RuntimeHome home = RuntimeHome.create()) {
            PlatformResources backend = PlatformResources.ephemeral(topology, opened);
            seed(root, topology, backend, home);
            System.out.printf("cold start, process start to first response, median of %d (ms); Java %s, Lambda's flags (C1, serial GC)%n", runs, Runtime.version());
            System.out.printf("  %-22s %10s %10s %8s %10s%n", "function", "no CDS", "AppCDS", "ratio", "jar MB");
            for (FunctionSpec f : functions) {
                Map<String, String> env = FunctionEnvironment.of(f, backend.endpoints(), backend.resources(), backend.providerUrl(), Map.of());
                byte[] event = Files.readAllBytes(root.resolve(EVENTS.get(f.name())));
                Path code = root.resolve(f.jar());
                Path archive = home.scratch().resolve(f.name() + ".jsa");
                // training run: the JVM writes the classes it loaded into a dynamic archive when it exits
                ProcessInstance training = ProcessInstance.start(f.name() + "-train", f, code, env, home, Duration.ofMinutes(2), line -> { },
                        List.of("-XX:ArchiveClassesAtExit=" + archive));
                ColdStartFixtures.requireSuccess(f.name(), training.invoke(ColdStartFixtures.forRun(event), UUID.randomUUID().toString(),
                        System.currentTimeMillis() + 60_000));
                training.stopGracefully();
                boolean haveArchive = Files.isRegularFile(archive);
                List<Double> plainRuns = new ArrayList<>(), cdsRuns = new ArrayList<>();
                for (int i = 0; i < runs; i++) {
                    plainRuns.add(coldStart(f, code, env, home, ColdStartFixtures.forRun(event), List.of()));
                    if (haveArchive) cdsRuns.add(coldStart(f, code, env, home, ColdStartFixtures.forRun(event), List.of("-XX:SharedArchiveFile=" + archive)));
                }
                double none = median(plainRuns), cds = haveArchive ? median(cdsRuns) : Double.NaN;
                results.put(f.name(), new double[] {none, cds});
                System.out.printf("  %-22s %10.0f %10.0f %8.2f %10.1f%n", f.name(), none, cds, cds / none, Files.size(code) / 1e6);
            }
            double[] floor = results.get(FLOOR), plainLookup = results.get(PLAIN);
            System.out.printf("the framework's floor: the plain lookup as a bare Spring Cloud Function is %.2fx the plain handler without CDS,"
                    + " %.2fx with AppCDS%n", floor[0] / plainLookup[0], floor[1] / plainLookup[1]);
            System.out.println("each function beside the plain handler of its kind (HTTP: the GET lookup; workers: the OrderPlaced batch):");
            for (FunctionSpec f : topology.functions()) {
                double[] scf = results.get(f.name()), plain = results.get(topology.triggersOf(f.name()).isEmpty() ? PLAIN : PLAIN_WORKER);
                System.out.printf("  %-22s %.2fx the plain handler without CDS, %.2fx with AppCDS%n", f.name(), scf[0] / plain[0], scf[1] / plain[1]);
            }
        } finally {
            Collections.reverse(opened);
            for (AutoCloseable c : opened) c.close();
        }
        return 0;
    }

    /**
     * The GET's two baselines, with orders-api's memory, timeout and environment: the plain handler, and the same code
     * as a bare Spring Cloud Function (the framework's floor).
     */
    public static List<FunctionSpec> lookupBaselines(Topology topology) {
        FunctionSpec ordersApi = topology.function("orders-api");
        String definition = "orderLookup"; // the bean SpringFloorLookup registers
        Map<String, Binding> floorEnvironment = new LinkedHashMap<>(ordersApi.environment());
        floorEnvironment.put("SPRING_CLOUD_FUNCTION_DEFINITION", new Binding.Literal(definition));
        return List.of(
                new FunctionSpec(PLAIN, "benchmarks", PLAIN_JAR, "-", "dev.flywheel.bench.plain.PlainOrderLookup::handleRequest",
                        ordersApi.memoryMb(), ordersApi.timeoutSeconds(), ordersApi.environment()),
                new FunctionSpec(FLOOR, "benchmarks", FLOOR_JAR, definition, ordersApi.memoryMb(), ordersApi.timeoutSeconds(), floorEnvironment));
    }

    /** Stores what the lookups read, through the functions themselves (see {@link ColdStartFixtures}); untimed. */
    private static void seed(Path root, Topology topology, PlatformResources backend, RuntimeHome home) throws java.io.IOException {
        for (Map.Entry<String, String> step : ColdStartFixtures.SEED) {
            FunctionSpec f = topology.function(step.getKey());
            Map<String, String> env = FunctionEnvironment.of(f, backend.endpoints(), backend.resources(), backend.providerUrl(), Map.of());
            coldStart(f, root.resolve(f.jar()), env, home, Files.readAllBytes(root.resolve(step.getValue())), List.of());
        }
    }

    private static double coldStart(FunctionSpec f, Path code, Map<String, String> env, RuntimeHome home, byte[] event, List<String> flags) {
        long start = System.nanoTime();
        ProcessInstance instance = ProcessInstance.start(f.name(), f, code, env, home, Duration.ofMinutes(2), line -> { }, flags);
        try {
            InvocationResult result = instance.invoke(event, UUID.randomUUID().toString(), System.currentTimeMillis() + 60_000);
            double millis = (System.nanoTime() - start) / 1e6;
            ColdStartFixtures.requireSuccess(f.name(), result);
            return millis;
        } finally {
            instance.close();
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}

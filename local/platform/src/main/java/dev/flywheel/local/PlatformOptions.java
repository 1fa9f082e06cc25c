package dev.flywheel.local;

import dev.flywheel.local.runtime.Priority;
import dev.flywheel.local.runtime.ScalingRule;
import dev.flywheel.topology.FlywheelTopology;
import dev.flywheel.topology.QueueSpec;
import dev.flywheel.topology.RouteSpec;
import dev.flywheel.topology.Topology;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * How to run the local platform. Defaults: everything on 127.0.0.1, the front door (API and dashboard) on 8080,
 * the embedded emulators on their usual ports (SQS 9324, DynamoDB 8000), the payment provider on 8090; functions
 * from {@code root}'s deployment jars; Lambda's scaling at a laptop factor of 0.2 within 8 concurrent batches
 * machine-wide and 4 environments per function (each is a JVM); environments idle for 60 s are reclaimed. Immutable: every {@code with} returns a copy.
 */
public final class PlatformOptions implements Cloneable {
    private Path root;
    private Topology topology;
    private Optional<String[]> endpoint = Optional.empty();
    private int frontDoorPort = 8080;
    private int sqsPort = 9324;
    private int dynamoPort = 8000;
    private int providerPort = 8090;
    private String namePrefix = "";
    private Duration longPoll = Duration.ofSeconds(1);
    private double scalingFactor = 0.2;
    private Integer maxConcurrency; // null: defaultMaxConcurrency()
    private int maxInstances = 4;
    private Duration idleLimit = Duration.ofSeconds(60);
    private Map<String, Map<String, String>> environment = Map.of();
    private int workerNiceness = Priority.WORKER_NICENESS;
    private boolean classDataSharing = true;
    private boolean provisionedConcurrency = true;
    private Optional<Path> data = Optional.empty();

    private PlatformOptions(Path root, Topology topology) {
        this.root = root;
        this.topology = topology;
    }

    public static PlatformOptions defaults(Path root) {
        return new PlatformOptions(root, FlywheelTopology.standard());
    }

    public Path root() { return root; }
    public Topology topology() { return topology; }
    /** SQS and DynamoDB endpoints to use instead of the embedded emulators (e.g. LocalStack's). */
    public Optional<String[]> endpoint() { return endpoint; }
    public int frontDoorPort() { return frontDoorPort; }
    public int sqsPort() { return sqsPort; }
    public int dynamoPort() { return dynamoPort; }
    public int providerPort() { return providerPort; }
    /** Prefix of physical queue and table names (keeps runs apart on a shared endpoint). */
    public String namePrefix() { return namePrefix; }
    public Duration longPoll() { return longPoll; }
    /** Lambda's scaling figures (start at 5, +300 per minute) are multiplied by this on one machine. */
    public double scalingFactor() { return scalingFactor; }
    /** Concurrent batches across every event-source mapping (each mapping's own maximum also applies). */
    public int maxConcurrency() { return maxConcurrency != null ? maxConcurrency : defaultMaxConcurrency(); }

    /**
     * Two batches per core, and at least the slots the mappings hold from the start (a poller each; in provisioned
     * mode its minimum). On Lambda every environment has a CPU share of its own, so a mapping that scales out adds
     * throughput; here the environments share the machine's cores, and a batch beyond them adds an environment's
     * init and contention instead. Measured on two cores (docs/load-history.md, 2026-12-06): with 8, the README's
     * spike started 11–13 worker environments, 60–113 s of init, and orders completed in 5–17 s (p50); with 4, one
     * environment per worker, 5–6 s of init, 0.5–1.5 s.
     */
    public int defaultMaxConcurrency() {
        int held = topology.triggers().stream().mapToInt(t -> new ScalingRule(scalingFactor, t.scaling(), Integer.MAX_VALUE).floor()).sum();
        return Math.max(held, 2 * Runtime.getRuntime().availableProcessors());
    }
    /** The most execution environments (JVM processes) one function runs at once: its concurrency limit here. */
    public int maxInstances() { return maxInstances; }
    /** An execution environment idle this long is reclaimed (scale to zero). */
    public Duration idleLimit() { return idleLimit; }
    /** Extra environment variables per function name ("*" for all functions). */
    public Map<String, Map<String, String>> environment() { return environment; }
    /** Scheduling priority ({@code nice}) of the environments of queue-fed functions: the stand-in for Lambda's CPU per environment. */
    public int workerNiceness() { return workerNiceness; }
    /** Whether environments start from a class-data archive of their jar (trained once, kept under {@code .flywheel/cds/}). */
    public boolean classDataSharing() { return classDataSharing; }
    /** Whether the topology's provisioned concurrency is started at {@code up} (off: every environment on demand). */
    public boolean provisionedConcurrency() { return provisionedConcurrency; }
    /** Where the embedded emulators keep queues and tables across restarts; empty: in memory (the default here, and in tests). */
    public Optional<Path> data() { return data; }

    public PlatformOptions withData(Path directory) {
        PlatformOptions o = copy();
        o.data = Optional.of(directory);
        return o;
    }

    /** @param niceness 0 runs every environment at the platform's priority; 1..19 lowers the queue-fed ones */
    public PlatformOptions withWorkerNiceness(int niceness) {
        if (niceness < 0 || niceness > 19) throw new IllegalArgumentException("--worker-nice must be 0..19");
        PlatformOptions o = copy();
        o.workerNiceness = niceness;
        return o;
    }

    public PlatformOptions withClassDataSharing(boolean on) {
        PlatformOptions o = copy();
        o.classDataSharing = on;
        return o;
    }

    public PlatformOptions withProvisionedConcurrency(boolean on) {
        PlatformOptions o = copy();
        o.provisionedConcurrency = on;
        return o;
    }

    /** Free ports for everything: for tests, which may run beside a platform that is up. */
    public PlatformOptions withFreePorts() {
        return withPorts(0, 0, 0, 0);
    }

    public PlatformOptions withPorts(int frontDoor, int sqs, int dynamo, int provider) {
        PlatformOptions o = copy();
        o.frontDoorPort = frontDoor;
        o.sqsPort = sqs;
        o.dynamoPort = dynamo;
        o.providerPort = provider;
        return o;
    }

    public PlatformOptions withEndpoint(String sqs, String dynamo) {
        PlatformOptions o = copy();
        o.endpoint = Optional.of(new String[] {sqs, dynamo});
        return o;
    }

    public PlatformOptions withNamePrefix(String prefix) {
        PlatformOptions o = copy();
        o.namePrefix = prefix;
        return o;
    }

    /** Lambda's scaling figures times {@code factor}, within the default machine-wide limit. */
    public PlatformOptions withScalingFactor(double factor) {
        if (factor <= 0) throw new IllegalArgumentException("--scale-factor must be > 0");
        PlatformOptions o = copy();
        o.scalingFactor = factor;
        return o;
    }

    public PlatformOptions withScaling(double factor, int maxConcurrency) {
        if (factor <= 0) throw new IllegalArgumentException("--scale-factor must be > 0");
        if (maxConcurrency < topology.triggers().size())
            throw new IllegalArgumentException("--max-concurrency must be at least " + topology.triggers().size() + " (one poller per event source)");
        PlatformOptions o = copy();
        o.scalingFactor = factor;
        o.maxConcurrency = maxConcurrency;
        return o;
    }

    public PlatformOptions withMaxInstances(int perFunction) {
        if (perFunction < 1) throw new IllegalArgumentException("--max-instances must be >= 1");
        PlatformOptions o = copy();
        o.maxInstances = perFunction;
        return o;
    }

    public PlatformOptions withIdleLimit(Duration idle) {
        PlatformOptions o = copy();
        o.idleLimit = idle;
        return o;
    }

    public PlatformOptions withEnvironment(String function, String name, String value) {
        Map<String, Map<String, String>> copy = new HashMap<>();
        environment.forEach((f, vars) -> copy.put(f, new HashMap<>(vars)));
        copy.computeIfAbsent(function, f -> new HashMap<>()).put(name, value);
        PlatformOptions o = copy();
        o.environment = copy;
        return o;
    }

    /** A shorter (or longer) timeout for one function than the topology gives it: tests provoke timeouts with it. */
    public PlatformOptions withFunctionTimeout(String function, int seconds) {
        topology.function(function); // fails on an unknown name
        PlatformOptions o = copy();
        o.topology = new Topology(topology.functions().stream().map(f -> f.name().equals(function) ? f.withTimeoutSeconds(seconds) : f).toList(),
                topology.triggers(), topology.queues(), topology.tables(), topology.routes());
        return o;
    }

    /** Another visibility timeout for one queue: tests shorten it so that failed batches come back in seconds. */
    public PlatformOptions withVisibilityTimeout(String queue, int seconds) {
        topology.queue(queue);
        PlatformOptions o = copy();
        o.topology = new Topology(topology.functions(), topology.triggers(), topology.queues().stream()
                .map(q -> q.name().equals(queue) ? new QueueSpec(q.name(), q.fifo(), seconds, q.dlq(), q.maxReceiveCount(), q.retentionSeconds()) : q)
                .toList(), topology.tables(), topology.routes());
        return o;
    }

    /** Another throttle for one route ("GET /users/{userId}"): tests provoke 429s without sending hundreds of requests. */
    public PlatformOptions withRouteThrottle(String routeKey, double ratePerSecond, int burst) {
        if (topology.routes().stream().noneMatch(r -> r.routeKey().equals(routeKey))) throw new IllegalArgumentException("no route " + routeKey);
        PlatformOptions o = copy();
        o.topology = new Topology(topology.functions(), topology.triggers(), topology.queues(), topology.tables(), topology.routes().stream()
                .map(r -> r.routeKey().equals(routeKey) ? new RouteSpec(r.method(), r.path(), r.function(), r.auth(), new RouteSpec.Throttle(ratePerSecond, burst), r
                        .requestSchema()) : r)
                .toList());
        return o;
    }

    /**
     * Some mappings in provisioned mode ({@code orders-intake=2:20,...}: minimum and maximum event pollers), the
     * spelling {@link Topology#withProvisionedPollers} reads for the CDK app too.
     */
    public PlatformOptions withProvisionedPollers(String spec) {
        PlatformOptions o = copy();
        o.topology = topology.withProvisionedPollers(spec);
        return o;
    }

    /** Runs another topology (tests add functions of their own). */
    public PlatformOptions withTopology(Topology other) {
        PlatformOptions o = copy();
        o.topology = other;
        return o;
    }


    private PlatformOptions copy() {
        try {
            return (PlatformOptions) clone();
        } catch (CloneNotSupportedException e) {
            throw new AssertionError(e);
        }
    }
}

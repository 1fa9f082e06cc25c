package dev.flywheel.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flywheel.local.auth.LocalIssuer;
import dev.flywheel.local.dashboard.DashboardPages;
import dev.flywheel.local.dashboard.RecentOrders;
import dev.flywheel.local.dashboard.DashboardSample;
import dev.flywheel.local.dashboard.Telemetry;
import dev.flywheel.local.emulators.EmbeddedEmulators;
import dev.flywheel.local.emulators.Endpoints;
import dev.flywheel.local.emulators.LocalAws;
import dev.flywheel.local.gateway.FrontDoor;
import dev.flywheel.local.gateway.RouteTable;
import dev.flywheel.local.meter.MeteredEndpoint;
import dev.flywheel.local.meter.PlatformUsage;
import dev.flywheel.local.meter.Usage;
import dev.flywheel.local.payments.FakePaymentProvider;
import dev.flywheel.local.provision.FunctionEnvironment;
import dev.flywheel.local.provision.Provisioner;
import dev.flywheel.local.provision.Resources;
import dev.flywheel.local.runtime.ClassDataArchives;
import dev.flywheel.local.runtime.FunctionPool;
import dev.flywheel.local.runtime.FunctionStats;
import dev.flywheel.local.runtime.InstanceInfo;
import dev.flywheel.local.runtime.InvocationResult;
import dev.flywheel.local.runtime.Priority;
import dev.flywheel.local.runtime.RuntimeHome;
import dev.flywheel.local.runtime.ScalingRule;
import dev.flywheel.local.runtime.SqsEventSource;
import dev.flywheel.topology.FunctionSpec;
import dev.flywheel.topology.QueueSpec;
import dev.flywheel.topology.TriggerSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Flywheel on one machine: emulators (or a given endpoint), every queue and table provisioned from the topology,
 * the fake payment provider, the functions' execution environments (a JVM process each: the provisioned ones
 * started at once, queue-fed ones at a lower CPU priority, all from class-data archives once those are trained),
 * an event-source mapping per trigger, and the front door with the dashboard. Once a second it scales the mappings to their backlog,
 * reclaims idle environments and takes a sample for the dashboard.
 */
public final class LocalPlatform implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LocalPlatform.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The fake payment provider's record of its answers, in the data directory beside the queues and tables. */
    public static final String PAYMENT_LEDGER = "payments.jsonl";

    private final PlatformOptions options;
    private final List<AutoCloseable> opened = new ArrayList<>(); // closed in reverse on failure
    private final EmbeddedEmulators emulators;
    private final Endpoints endpoints;
    private final SqsClient sqs;
    private final DynamoDbClient dynamo;
    private final FakePaymentProvider provider;
    private final Usage usage = new Usage();
    private final List<MeteredEndpoint> dynamoMeters = new ArrayList<>();
    private final Resources resources;
    private final RuntimeHome home;
    private final LocalIssuer issuer;
    private final Map<String, FunctionPool> pools = new LinkedHashMap<>();
    private final List<SqsEventSource> eventSources = new ArrayList<>();
    private final AtomicBoolean duplicateDeliveries = new AtomicBoolean();
    private final Telemetry telemetry = new Telemetry();
    private final RecentOrders recentOrders;
    private final FrontDoor frontDoor;
    private final ScheduledExecutorService ticker;
    private final QueueDepths depths;

    private LocalPlatform(PlatformOptions options) {
        this.options = options;
        long start = System.nanoTime();
        try {
            this.emulators = options.endpoint().isEmpty() ? remember(EmbeddedEmulators.start(options.sqsPort(), options.dynamoPort(), options.data().orElse(null))) : null;
            this.endpoints = emulators != null ? emulators.endpoints() : Endpoints.of(options.endpoint().get()[0], options.endpoint().get()[1]);
            this.sqs = remember(LocalAws.sqs(endpoints));
            this.dynamo = remember(LocalAws.dynamo(endpoints));
            // functions and event sources reach SQS and DynamoDB through metered endpoints (usage, fault injection);
            // the queue workers and their event sources through their own, served at their priority (see Priority)
            Endpoints metered = meteredEndpoints(0);
            Endpoints meteredForWorkers = options.workerNiceness() == 0 ? metered : meteredEndpoints(options.workerNiceness());
            SqsClient eventSourceSqs = remember(LocalAws.sqs(meteredForWorkers));
            this.provider = remember(FakePaymentProvider.start(options.providerPort(),
                    options.data().map(data -> data.resolve(PAYMENT_LEDGER)).orElse(null)));
            this.resources = new Provisioner(sqs, dynamo, options.namePrefix()).provision(options.topology());
            this.home = remember(RuntimeHome.create());
            this.issuer = LocalIssuer.at(options.root());
            Optional<ClassDataArchives> archives = options.classDataSharing()
                    ? Optional.of(remember(new ClassDataArchives(options.root().resolve(".flywheel").resolve("cds"), home))) : Optional.empty();
            for (FunctionSpec f : options.topology().functions()) {
                int niceness = niceness(f.name());
                Endpoints reached = niceness == 0 ? metered : meteredForWorkers;
                Map<String, String> env = FunctionEnvironment.of(f, reached, resources, provider.baseUrl(), options.environment());
                Path code = options.root().resolve(f.jar());
                FunctionPool.Launching launching = new FunctionPool.Launching(niceness, archives);
                pools.put(f.name(), remember(new FunctionPool(f, code, env, home, options.idleLimit(), options.maxInstances(), launching)));
                archives.ifPresent(a -> a.prepare(f, code, env));
            }
            if (options.provisionedConcurrency()) pools.values().forEach(FunctionPool::provision);
            Semaphore machineBudget = new Semaphore(options.maxConcurrency());
            for (TriggerSpec t : options.topology().triggers()) {
                ScalingRule rule = new ScalingRule(options.scalingFactor(), t.scaling(), options.maxConcurrency());
                eventSources.add(remember(new SqsEventSource(t, resources.queueUrl(t.queue()), resources.queueArns().get(t.queue()), endpoints.region(),
                        eventSourceSqs, pools.get(t.function()), rule, machineBudget, options.longPoll(), duplicateDeliveries::get).start()));
            }
            this.depths = new QueueDepths(sqs, resources);
            this.recentOrders = new RecentOrders(dynamo, resources.tableNames().getOrDefault("orders", "orders"));
            this.frontDoor = remember(new FrontDoor(options.frontDoorPort(), new RouteTable(options.topology().routes()), issuer, this::invoke,
                    recentOrders::accepted, new DashboardPages(telemetry, recentOrders), new PlatformControl(this), this::health));
            this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "platform-tick");
                t.setDaemon(true);
                return t;
            });
            ticker.scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
        } catch (RuntimeException e) {
            closeOpened();
            throw e;
        }
        log.info("platform up in {} ms: front door {}, SQS {}, DynamoDB {}, payment provider {}", (System.nanoTime() - start) / 1_000_000,
                frontDoor.url(), endpoints.sqs(), endpoints.dynamo(), provider.baseUrl());
    }

    public static LocalPlatform start(PlatformOptions options) {
        return new LocalPlatform(options);
    }

    /** A pair of metered endpoints (SQS, DynamoDB) whose threads run at {@code niceness}. */
    private Endpoints meteredEndpoints(int niceness) {
        MeteredEndpoint sqsMeter = remember(Priority.createdAt(niceness, () -> new MeteredEndpoint("sqs", endpoints.sqs(), usage)));
        var engine = emulators == null ? null : emulators.dynamoFront();
        MeteredEndpoint dynamoMeter = remember(Priority.createdAt(niceness, () -> new MeteredEndpoint("dynamodb", endpoints.dynamo(), usage, engine)));
        dynamoMeters.add(dynamoMeter);
        return new Endpoints(sqsMeter.url(), dynamoMeter.url(), endpoints.region());
    }

    private <T extends AutoCloseable> T remember(T resource) {
        opened.add(resource);
        return resource;
    }

    /** Runs one event through a function (an API Gateway v2 event for an HTTP function) in one of its environments. */
    public InvocationResult invoke(String function, byte[] event) {
        return pool(function).invoke(event);
    }

    private FunctionPool pool(String function) {
        FunctionPool pool = pools.get(function);
        if (pool == null) throw new IllegalArgumentException("no function " + function);
        return pool;
    }

    /** Once a second: queue depths → scaling, idle environments → reclaimed, and a dashboard sample. */
    private void tick() {
        try {
            DashboardSample.Builder sample = new DashboardSample.Builder(System.currentTimeMillis());
            depths.nextTick();
            for (SqsEventSource source : eventSources) {
                QueueSpec queue = options.topology().queue(source.trigger().queue());
                QueueDepths.Depth depth = depths.of(queue, source.quietFor(QueueDepths.QUIET));
                source.scale(depth.visible());
                sample.queue(queue.name(), depth.visible(), depth.inFlight(), source.oldestReceivedSentAt(), depth.dlq(), source.pollers(), source.mode());
            }
            for (FunctionPool pool : pools.values()) {
                pool.reclaimIdle();
                FunctionStats stats = pool.stats();
                sample.function(stats, pool.takeRecentDurations(), niceness(stats.function()));
            }
            var traffic = frontDoor.traffic();
            telemetry.add(sample.build(new DashboardSample.ApiSample(traffic.requests(), traffic.throttled(), traffic.unauthorized(), traffic.errors5xx())));
        } catch (SdkException | IllegalStateException e) {
            log.debug("tick skipped: {}", e.toString()); // emulators stopping
        } catch (RuntimeException e) {
            log.warn("tick failed", e);
        }
    }

    /** GET /health: where everything is, so that the CLI ({@code invoke}, {@code trace}) and the AWS CLI can find it. */
    public String health() {
        ObjectNode h = JSON.createObjectNode();
        h.put("status", "ok");
        h.put("frontDoor", frontDoor == null ? "" : frontDoor.url().toString());
        h.put("sqs", endpoints.sqs().toString());
        h.put("dynamodb", endpoints.dynamo().toString());
        h.put("region", endpoints.region());
        h.put("paymentProvider", provider.baseUrl());
        h.set("queues", JSON.valueToTree(resources.queueUrls()));
        h.set("queueArns", JSON.valueToTree(resources.queueArns()));
        h.set("tables", JSON.valueToTree(resources.tableNames()));
        // how the event sources scale here: `./flywheel load` records it, so that `./flywheel capacity --compare` models this platform
        h.putObject("scaling").put("factor", options.scalingFactor()).put("maxConcurrency", options.maxConcurrency())
                .put("maxInstances", options.maxInstances());
        return h.toString();
    }

    /** Fault injection: while on, every batch is delivered to its function twice before its messages are deleted. */
    public void duplicateDeliveries(boolean on) { duplicateDeliveries.set(on); }

    /** Fault injection: answer {@code rate} of the functions' DynamoDB requests with throttling or a 500 (0 stops it). */
    public void dynamoFault(MeteredEndpoint.FaultKind kind, double rate) { dynamoMeters.forEach(m -> m.fault(kind, rate)); }

    /** What the functions and event sources asked of SQS and DynamoDB so far. */
    public Usage usage() { return usage; }

    /** Everything used since the platform started: API requests, each function's invocations and billed time, every AWS operation. */
    public PlatformUsage usageSoFar() {
        Map<String, PlatformUsage.Function> lambda = new LinkedHashMap<>();
        for (FunctionSpec f : functions()) {
            FunctionStats s = stats(f.name());
            // on demand: init of cold starts + durations; provisioned environments: their time kept warm + their durations (other prices)
            double billedSeconds = (s.totalDurationMillis() - s.provisionedDurationMillis() + s.totalInitMillis()) / 1000.0;
            double gb = f.memoryMb() / 1024.0;
            lambda.put(f.name(), new PlatformUsage.Function(s.invocations(), s.coldStarts(), f.memoryMb(), billedSeconds, s.totalInitMillis() / 1000.0, billedSeconds * gb,
                    s.provisioned(), s.provisionedMillis() / 1000.0 * gb, s.provisionedDurationMillis() / 1000.0 * gb, isWorker(f.name()),
                    messagesDeliveredTo(f.name())));
        }
        return new PlatformUsage(new PlatformUsage.Api(apiTraffic().requests(), apiTraffic().throttled()), lambda, usage.operations());
    }

    /** Messages handed to the consumer of {@code queue} so far. */
    public long messagesDelivered(String queue) {
        return eventSources.stream().filter(e -> e.trigger().queue().equals(queue)).mapToLong(SqsEventSource::messages).sum();
    }

    /** Messages of {@code queue} that the duplicate-delivery fault handed to its consumer a second time so far. */
    public long messagesDeliveredTwice(String queue) {
        return eventSources.stream().filter(e -> e.trigger().queue().equals(queue)).mapToLong(SqsEventSource::deliveredTwice).sum();
    }

    /** Messages handed to {@code function} by all its event sources so far. */
    public long messagesDeliveredTo(String function) {
        return eventSources.stream().filter(e -> e.trigger().function().equals(function)).mapToLong(SqsEventSource::messages).sum();
    }

    /** Concurrent batch slots the mapping of {@code queue} runs now (its pollers). */
    public int pollers(String queue) {
        return eventSources.stream().filter(e -> e.trigger().queue().equals(queue)).mapToInt(SqsEventSource::pollers).sum();
    }

    /** The most concurrent batches the mapping of {@code queue} has run. */
    public int peakConcurrency(String queue) {
        return eventSources.stream().filter(e -> e.trigger().queue().equals(queue)).mapToInt(SqsEventSource::peakPollers).max().orElse(0);
    }

    public URI url() { return frontDoor.url(); }

    public LocalIssuer issuer() { return issuer; }

    public Endpoints endpoints() { return endpoints; }

    public Resources resources() { return resources; }

    public SqsClient sqs() { return sqs; }

    public DynamoDbClient dynamo() { return dynamo; }

    public FakePaymentProvider provider() { return provider; }

    public Telemetry telemetry() { return telemetry; }

    public List<FunctionStats> stats() {
        return pools.values().stream().map(FunctionPool::stats).toList();
    }

    public FunctionStats stats(String function) {
        return pools.get(function).stats();
    }

    public List<InstanceInfo> instances(String function) {
        return pool(function).instances();
    }

    /** The fault {@code kill:<function>}: one environment of it killed while an invocation is in flight, if any is. */
    public Optional<InstanceInfo> killMidInvocation(String function) {
        return pool(function).killMidInvocation();
    }

    public ApiTrafficView apiTraffic() {
        return new ApiTrafficView(frontDoor.traffic().requests(), frontDoor.traffic().throttled());
    }

    /** API requests answered so far, and how many were 429s. */
    public record ApiTrafficView(long requests, long throttled) {}

    public List<FunctionSpec> functions() { return options.topology().functions(); }

    /**
     * Waits until every function's provisioned environments have finished their init, as an alias's provisioned
     * concurrency is READY before it takes traffic (until then, requests for orders-api would wait on environments
     * still initializing). True when they are, false after {@code within}; at once when provisioning is off.
     */
    public boolean awaitProvisioned(java.time.Duration within) throws InterruptedException {
        if (!options.provisionedConcurrency()) return true;
        long deadline = System.currentTimeMillis() + within.toMillis();
        while (!pools.values().stream().allMatch(FunctionPool::provisionedReady)) {
            if (System.currentTimeMillis() > deadline) return false;
            Thread.sleep(100);
        }
        return true;
    }

    /** Whether queues and tables outlive the process (kept under a data directory). */
    public boolean durable() { return options.data().isPresent(); }

    /** Whether an event-source mapping feeds this function (a queue worker rather than an HTTP function). */
    public boolean isWorker(String function) { return !options.topology().triggersOf(function).isEmpty(); }

    /** Fed by queues and by no route: nobody waits on it synchronously, so on a shared CPU it yields to those who do. */
    private boolean queueFedOnly(FunctionSpec f) {
        return isWorker(f.name()) && options.topology().routes().stream().noneMatch(r -> r.function().equals(f.name()));
    }

    /** The scheduling priority ({@code nice}) of a function's environments on this machine. */
    public int niceness(String function) {
        return queueFedOnly(options.topology().function(function)) ? options.workerNiceness() : 0;
    }

    /** Stops taking requests and messages, lets in-flight batches finish, then stops everything. */
    @Override
    public void close() {
        ticker.shutdownNow();
        closeOpened();
    }

    private void closeOpened() {
        // front door first, then event sources (drain), then pools, runtime home, provider, clients, emulators
        List<AutoCloseable> order = new ArrayList<>(opened);
        java.util.Collections.reverse(order);
        for (AutoCloseable c : order) {
            try {
                c.close();
            } catch (Exception e) {
                log.warn("stopping {} failed: {}", c.getClass().getSimpleName(), e.toString());
            }
        }
        opened.clear();
    }
}

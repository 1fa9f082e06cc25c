package dev.flywheel.local.cli;

import dev.flywheel.local.LocalPlatform;
import dev.flywheel.local.PlatformOptions;
import dev.flywheel.local.runtime.Priority;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

@Command(name = "up", mixinStandardHelpOptions = true,
        description = {"Runs the whole platform on 127.0.0.1 until Ctrl-C, which drains in-flight work and stops everything.",
                "A small supervisor process runs it, and starts it again on the same data after a crash fault (./flywheel load --fault crash@T)."})
public final class UpCommand implements Callable<Integer> {
    @Option(names = "--port", defaultValue = "8080", description = "front door: the API, /health and /dashboard (default: ${DEFAULT-VALUE})")
    int port;
    @Option(names = "--sqs-port", defaultValue = "9324", description = "embedded SQS, ElasticMQ (default: ${DEFAULT-VALUE})")
    int sqsPort;
    @Option(names = "--dynamodb-port", defaultValue = "8000", description = "embedded DynamoDB engine (default: ${DEFAULT-VALUE})")
    int dynamoPort;
    @Option(names = "--provider-port", defaultValue = "8090", description = "the fake payment provider (default: ${DEFAULT-VALUE})")
    int providerPort;
    @Option(names = "--endpoint", description = "use this SQS and DynamoDB endpoint (e.g. LocalStack's http://localhost:4566) instead of the embedded emulators")
    String endpoint;
    @Option(names = "--scale-factor", defaultValue = "0.2", description = "Lambda's scaling figures (start at 5 batches, +300/min) times this (default: ${DEFAULT-VALUE})")
    double scaleFactor;
    @Option(names = "--max-instances", defaultValue = "4", description = "execution environments (JVMs) per function at most (default: ${DEFAULT-VALUE})")
    int maxInstances;
    @Option(names = "--max-concurrency", description = "concurrent batches across all event sources (default: two per core, at least what the "
            + "event sources hold from the start; on a laptop a batch beyond the cores adds a cold start, not throughput)")
    Integer maxConcurrency;
    @Option(names = "--idle-seconds", defaultValue = "60", description = "reclaim an execution environment idle this long: scale to zero (default: ${DEFAULT-VALUE})")
    int idleSeconds;
    @Option(names = "--worker-nice", defaultValue = "" + Priority.WORKER_NICENESS, description = "scheduling priority (nice) of queue-fed functions' environments, so that HTTP is served first on a shared CPU; 0 turns it off (default: ${DEFAULT-VALUE})")
    int workerNice;
    @Option(names = "--no-cds", negatable = false, description = "start environments without their class-data archive (AppCDS, trained once per jar under .flywheel/cds/)")
    boolean noCds;
    @Option(names = "--no-provisioned", negatable = false, description = "ignore the topology's provisioned concurrency: every environment starts on demand")
    boolean noProvisioned;
    @Option(names = "--provisioned-pollers", description = "QUEUE=MIN:MAX[,...]: run these event-source mappings in SQS provisioned mode "
            + "(MIN event pollers polling from the start, at most MAX; 10 concurrent batches each, scaled by --scale-factor) instead of the topology's standard mode")
    String provisionedPollers;
    @Option(names = "--data", description = "where queues and tables are kept (default: .flywheel/data)")
    java.nio.file.Path data;
    @Option(names = "--visibility-timeout", description = "QUEUE=SECONDS: a queue's visibility timeout instead of the topology's (repeatable; tests shorten it)")
    java.util.Map<String, Integer> visibilityTimeouts = new java.util.LinkedHashMap<>();
    @Option(names = "--in-memory", negatable = false, description = "keep queues and tables in memory only (default: under .flywheel/data, so that a restart, even after a crash, finds them; ./flywheel reset wipes them)")
    boolean inMemory;

    @Override
    public Integer call() throws InterruptedException {
        PlatformOptions options = PlatformOptions.defaults(RepositoryRoot.path()).withPorts(port, sqsPort, dynamoPort, providerPort)
                .withScalingFactor(scaleFactor).withMaxInstances(maxInstances).withIdleLimit(Duration.ofSeconds(idleSeconds))
                .withWorkerNiceness(workerNice).withClassDataSharing(!noCds).withProvisionedConcurrency(!noProvisioned);
        try {
            if (provisionedPollers != null) options = options.withProvisionedPollers(provisionedPollers);
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println("flywheel: --provisioned-pollers: " + e.getMessage());
            return 2;
        }
        if (maxConcurrency != null) {
            try {
                options = options.withScaling(scaleFactor, maxConcurrency);
            } catch (IllegalArgumentException e) {
                System.err.println("flywheel: " + e.getMessage());
                return 2;
            }
        }
        if (endpoint != null) options = options.withEndpoint(endpoint, endpoint);
        else if (!inMemory) options = options.withData(data != null ? data : ResetCommand.dataDirectory(RepositoryRoot.path()));
        for (var v : visibilityTimeouts.entrySet()) options = options.withVisibilityTimeout(v.getKey(), v.getValue());
        LocalPlatform platform;
        try {
            platform = LocalPlatform.start(options);
        } catch (IllegalStateException e) {
            System.err.println("flywheel: " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nflywheel: draining in-flight batches and stopping...");
            platform.close();
            System.out.println("flywheel: stopped");
            stopped.countDown();
        }));
        System.out.println(banner(platform));
        System.out.println(options.data().map(d -> "State: queues, tables and the payment provider's captures are kept in " + d + " (a killed platform loses nothing it acknowledged; ./flywheel reset wipes it; --in-memory keeps nothing).")
                .orElse(endpoint != null ? "State: on " + endpoint + "." : "State: in memory (--in-memory): everything is gone when the platform stops."));
        stopped.await();
        return 0;
    }

    static String banner(LocalPlatform platform) {
        String base = platform.url().toString();
        String admin = platform.issuer().token("admin-1", true, Duration.ofHours(12));
        String user = platform.issuer().token("user-ada", false, Duration.ofHours(12));
        return """

                Flywheel is up. Functions start on first use (a JVM per execution environment), except the topology's provisioned
                environments, which start now; queue-fed functions run at a lower CPU priority so that HTTP is served first
                (the laptop's stand-in for Lambda's CPU per environment). Ctrl-C stops everything.
                  API                 %1$s          (routes from the topology, JWT required)
                  dashboard           %1$s/dashboard
                  health              %1$s/health
                  SQS (ElasticMQ)     %2$s
                  DynamoDB (engine)   %3$s
                  payment provider    %4$s   (POST /admin/mode {"mode":"fail"} breaks it)

                Try it (tokens valid 12 h; more with ./flywheel token --sub <id> [--admin]):
                  ADMIN=%5$s
                  TOKEN=%6$s
                  curl -s -X PUT %1$s/products/SKU-1 -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' \\
                       -d '{"name":"Flash-sale sneaker","price":{"amount":1999,"currency":"EUR"},"stock":100,"shards":4}'
                  curl -s -X POST %1$s/orders -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \\
                       -d '{"items":[{"sku":"SKU-1","quantity":2}],"paymentToken":"tok_visa"}'
                  curl -s %1$s/orders/<orderId> -H "Authorization: Bearer $TOKEN"
                  ./flywheel trace <orderId>

                The AWS CLI works against the emulators (any credentials):
                  aws --endpoint-url %2$s --region us-east-1 sqs list-queues
                  aws --endpoint-url %3$s --region us-east-1 dynamodb scan --table-name orders
                """.formatted(base, platform.endpoints().sqs(), platform.endpoints().dynamo(), platform.provider().baseUrl(), admin, user);
    }
}

package dev.flywheel.local;

import dev.flywheel.local.emulators.EmbeddedEmulators;
import dev.flywheel.local.emulators.Endpoints;
import dev.flywheel.local.emulators.LocalAws;
import dev.flywheel.local.payments.FakePaymentProvider;
import dev.flywheel.local.provision.Provisioner;
import dev.flywheel.local.provision.Resources;
import dev.flywheel.local.runtime.FunctionPool;
import dev.flywheel.local.runtime.FunctionStats;
import dev.flywheel.local.runtime.SqsEventSource;
import dev.flywheel.topology.Binding;
import dev.flywheel.topology.FlywheelTopology;
import dev.flywheel.topology.FunctionSpec;
import dev.flywheel.topology.TriggerSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Flywheel on one machine: emulators (or a given endpoint), every queue and table provisioned from the topology,
 * the fake payment provider, a pool of execution environments per function and an event-source mapping per
 * trigger. {@link #invoke} runs an HTTP function the way API Gateway would (the local front door builds on it).
 */
public final class LocalPlatform implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LocalPlatform.class);

    private final PlatformOptions options;
    private final EmbeddedEmulators emulators;
    private final Endpoints endpoints;
    private final SqsClient sqs;
    private final DynamoDbClient dynamo;
    private final FakePaymentProvider provider;
    private final Resources resources;
    private final Map<String, FunctionPool> pools = new LinkedHashMap<>();
    private final List<SqsEventSource> eventSources = new ArrayList<>();
    private final java.util.concurrent.atomic.AtomicBoolean duplicateDeliveries = new java.util.concurrent.atomic.AtomicBoolean();

    private LocalPlatform(PlatformOptions options) {
        this.options = options;
        long start = System.nanoTime();
        this.emulators = options.endpoint().isEmpty() ? EmbeddedEmulators.start(options.sqsPort(), options.dynamoPort()) : null;
        this.endpoints = emulators != null ? emulators.endpoints() : Endpoints.of(options.endpoint().get()[0], options.endpoint().get()[1]);
        this.sqs = LocalAws.sqs(endpoints);
        this.dynamo = LocalAws.dynamo(endpoints);
        this.provider = FakePaymentProvider.start(options.providerPort());
        this.resources = new Provisioner(sqs, dynamo, options.namePrefix()).provision(options.topology());
        for (FunctionSpec f : options.topology().functions()) {
            pools.put(f.name(), new FunctionPool(f, options.root().resolve(f.jar()), environmentOf(f)));
        }
        for (TriggerSpec t : options.topology().triggers()) {
            int pollers = Math.max(1, Math.min(t.maximumConcurrency(), options.pollersPerTrigger()));
            eventSources.add(new SqsEventSource(t, resources.queueUrl(t.queue()), resources.queueArns().get(t.queue()), endpoints.region(),
                    sqs, pools.get(t.function()), pollers, options.longPoll(), duplicateDeliveries::get).start());
        }
        log.info("platform up in {} ms: SQS {}, DynamoDB {}, payment provider {}", (System.nanoTime() - start) / 1_000_000,
                endpoints.sqs(), endpoints.dynamo(), provider.baseUrl());
    }

    public static LocalPlatform start(PlatformOptions options) {
        return new LocalPlatform(options);
    }

    /** The environment a function sees: its topology bindings resolved here, the Lambda basics, and overrides. */
    Map<String, String> environmentOf(FunctionSpec f) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_REGION", endpoints.region());
        env.put("AWS_DEFAULT_REGION", endpoints.region());
        env.put("AWS_ACCESS_KEY_ID", LocalAws.ACCESS_KEY);
        env.put("AWS_SECRET_ACCESS_KEY", LocalAws.SECRET_KEY);
        env.put("AWS_ENDPOINT_URL_SQS", endpoints.sqs().toString());
        env.put("AWS_ENDPOINT_URL_DYNAMODB", endpoints.dynamo().toString());
        env.put("AWS_LAMBDA_FUNCTION_NAME", f.name());
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(f.memoryMb()));
        env.put("AWS_EMF_ENVIRONMENT", "Local");
        f.environment().forEach((name, binding) -> env.put(name, resolve(binding)));
        env.putAll(options.environment().getOrDefault("*", Map.of()));
        env.putAll(options.environment().getOrDefault(f.name(), Map.of()));
        return env;
    }

    private String resolve(Binding binding) {
        if (binding instanceof Binding.Table t) return resources.table(t.table());
        if (binding instanceof Binding.QueueUrl q) return resources.queueUrl(q.queue());
        if (binding instanceof Binding.Literal l) return l.value();
        if (binding instanceof Binding.Setting s && s.key().equals(FlywheelTopology.PAYMENT_PROVIDER_URL)) return provider.baseUrl();
        throw new IllegalArgumentException("the local platform cannot resolve " + binding);
    }

    /** Runs one event through a function (an API Gateway v2 event for an HTTP function) and returns its response. */
    public byte[] invoke(String function, byte[] event) {
        FunctionPool pool = pools.get(function);
        if (pool == null) throw new IllegalArgumentException("no function " + function);
        return pool.invoke(event);
    }

    /** Fault injection: while on, every batch is delivered to its function twice before its messages are deleted. */
    public void duplicateDeliveries(boolean on) { duplicateDeliveries.set(on); }

    /** Messages handed to the consumer of {@code queue} so far. */
    public long messagesDelivered(String queue) {
        return eventSources.stream().filter(e -> e.trigger().queue().equals(queue)).mapToLong(SqsEventSource::messages).sum();
    }

    public Endpoints endpoints() { return endpoints; }

    public Resources resources() { return resources; }

    public SqsClient sqs() { return sqs; }

    public DynamoDbClient dynamo() { return dynamo; }

    public FakePaymentProvider provider() { return provider; }

    public List<FunctionStats> stats() {
        return pools.values().stream().map(FunctionPool::stats).toList();
    }

    /** Stops taking messages, lets in-flight batches finish, then stops everything. */
    @Override
    public void close() {
        eventSources.forEach(SqsEventSource::close);
        pools.values().forEach(FunctionPool::close);
        provider.close();
        sqs.close();
        dynamo.close();
        if (emulators != null) emulators.close();
    }
}

package dev.flywheel.kit.priming;

import dev.flywheel.kit.config.Env;
import dev.flywheel.kit.observability.Observability;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.cloud.function.adapter.aws.AWSLambdaUtils;
import org.springframework.cloud.function.context.FunctionCatalog;
import org.springframework.cloud.function.context.catalog.SimpleFunctionRegistry.FunctionInvocationWrapper;
import org.springframework.cloud.function.json.JsonMapper;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextRefreshedEvent;
import org.springframework.messaging.Message;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * Priming for provisioned concurrency: an environment that Lambda initializes ahead of traffic
 * ({@code AWS_LAMBDA_INITIALIZATION_TYPE=provisioned-concurrency}) runs its function on effect-free fixtures
 * during init, the way {@code FunctionInvoker} would run a real event (the same catalog lookup, message
 * conversion and output conversion), so that its first real request finds the classes of its hot path loaded
 * and the most used methods compiled. Without it, measured here, a provisioned orders-api answered its first
 * request in 2.5 s, while requests queued behind it and made the pool cold-start on-demand environments.
 * The function's {@link Priming} warm-ups (its SDK clients) run first, as they would before a SnapStart snapshot.
 *
 * <p>Each call runs as a real one does, with a Lambda context ({@link PrimingContext}): Powertools' logging set-up
 * and the metrics flush are on every request's path, and left unprimed they cost a provisioned orders-api's first
 * order about 100 ms more (measured here: 246–331 ms against 129–203 ms on a warm platform, four at once).
 *
 * <p>On-demand environments never prime: their init delays a waiting request. The fixtures must have no effect
 * (reads, refusals): they run against the real tables and queues. Their log lines below WARN are dropped
 * ({@code priming} in the MDC, filtered in log4j2.xml) and their metrics go nowhere ({@link Observability#unrecorded}):
 * they are not traffic. One line reports the priming.
 */
public final class ProvisionedPriming implements ApplicationListener<ContextRefreshedEvent> {
    private static final Logger log = LoggerFactory.getLogger(ProvisionedPriming.class);
    /** Marks priming's log lines: log4j2.xml drops those below WARN. */
    private static final String MDC_KEY = "priming";
    /** Enough calls for the hot path's methods to reach the JIT's compiled tier (C1 compiles after ~200 invocations). */
    static final int ROUNDS = 100;
    /**
     * Stop earlier after this much CPU time of the priming thread: measured in CPU, not wall time, so that four
     * environments initializing at once on a shared laptop CPU each still get their priming (a wall-clock budget
     * of 3 s gave one of them 6 calls of 300). About 10 ms a call while the code is still interpreted.
     */
    static final long CPU_BUDGET_MILLIS = 4_000;
    /**
     * And after this much wall time in any case. On-demand init is limited to 10 s; provisioned init may run for
     * 130 s (or the function's timeout if longer), per the Lambda execution environment lifecycle docs.
     */
    static final long WALL_BUDGET_MILLIS = 20_000;

    private final String function;
    private final List<String> fixtures;

    public ProvisionedPriming(String function, List<String> fixtures) {
        this.function = function;
        this.fixtures = List.copyOf(fixtures);
    }

    /** Whether this environment is being initialized for provisioned concurrency (Lambda sets the variable). */
    public static boolean applies() {
        return "provisioned-concurrency".equals(Env.find("AWS_LAMBDA_INITIALIZATION_TYPE").orElse(""));
    }

    @Override
    public void onApplicationEvent(ContextRefreshedEvent event) {
        long start = System.nanoTime();
        AtomicInteger calls = new AtomicInteger();
        MDC.put(MDC_KEY, "true");
        try {
            Priming.warmUpAll();
            var context = event.getApplicationContext();
            FunctionInvocationWrapper wrapper = context.getBean(FunctionCatalog.class).lookup(function, "application/json");
            JsonMapper mapper = context.getBean(JsonMapper.class);
            List<byte[]> events = new ArrayList<>();
            for (String fixture : fixtures) events.add(read(fixture));
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long cpuStart = threads.getCurrentThreadCpuTime();
            long wallDeadline = start + WALL_BUDGET_MILLIS * 1_000_000;
            BooleanSupplier withinBudget = () -> System.nanoTime() < wallDeadline
                    && threads.getCurrentThreadCpuTime() - cpuStart < CPU_BUDGET_MILLIS * 1_000_000;
            Observability.unrecorded(() -> {
                for (int round = 0; round < ROUNDS && withinBudget.getAsBoolean(); round++) {
                    for (byte[] body : events) {
                        // the function's logging set-up clears the MDC after each call: mark every call anew
                        MDC.put(MDC_KEY, "true");
                        Message<byte[]> message = AWSLambdaUtils.generateMessage(body, wrapper.getInputType(), wrapper.isSupplier(),
                                mapper, new PrimingContext(calls.get()));
                        Object result = wrapper.apply(message);
                        AWSLambdaUtils.generateOutputFromObject(message, result, mapper, wrapper.getOutputType());
                        calls.incrementAndGet();
                    }
                }
            });
        } catch (RuntimeException e) {
            // a slower first request beats an environment that fails to initialize
            log.warn("priming {} stopped after {} calls; the first requests will pay for the rest: {}", function, calls, e.toString());
        } finally {
            MDC.remove(MDC_KEY);
        }
        log.info("primed {} for provisioned concurrency: {} calls on {} in {} ms", function, calls, fixtures,
                (System.nanoTime() - start) / 1_000_000);
    }

    private static byte[] read(String fixture) {
        try (InputStream in = ProvisionedPriming.class.getClassLoader().getResourceAsStream(fixture)) {
            if (in == null) throw new IllegalStateException("no priming fixture " + fixture + " on the classpath");
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

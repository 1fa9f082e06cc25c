package dev.flywheel.local.cli;

import dev.flywheel.local.LocalPlatform;
import dev.flywheel.local.PlatformOptions;
import dev.flywheel.local.emulators.LocalAws;
import dev.flywheel.local.gateway.ApiClient;
import dev.flywheel.local.gateway.HttpApiEvents;
import dev.flywheel.local.load.OrderWatch;
import dev.flywheel.local.runtime.FunctionStats;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

@Command(name = "bench-throughput", mixinStandardHelpOptions = true,
        description = {"End-to-end orders per second on the embedded emulators (a burst through the front door until every order is terminal),",
                "beside the emulators' own bound for the same operations (what one order cost, measured, replayed straight at them), as a fraction."})
public final class BenchThroughputCommand implements Callable<Integer> {
    @Option(names = "--orders", defaultValue = "600", description = "orders in the measured burst (default: ${DEFAULT-VALUE})")
    int orders;
    @Option(names = "--clients", defaultValue = "16", description = "concurrent HTTP clients (default: ${DEFAULT-VALUE})")
    int clients;
    @Option(names = "--max-concurrency", description = "concurrent batches across all event sources (default: the platform's, as `up` has it)")
    Integer maxConcurrency;

    /** Warm-up bursts at most: the measured burst follows the first that started no environment. */
    private static final int WARM_UP_BURSTS = 3;
    /** Users the orders are placed as, in turn. */
    private static final int USERS = 64;

    private final AtomicInteger throttled = new AtomicInteger();

    @Override
    public Integer call() throws Exception {
        // scale factor 1: the warm-up scales every mapping out at once, so the measured burst starts from a warm platform
        PlatformOptions options = PlatformOptions.defaults(RepositoryRoot.path()).withFreePorts().withScalingFactor(1.0).withIdleLimit(Duration.ofMinutes(10));
        if (maxConcurrency != null) {
            try {
                options = options.withScaling(1.0, maxConcurrency);
            } catch (IllegalArgumentException e) {
                System.err.println("flywheel: " + e.getMessage());
                return 2;
            }
        }
        System.out.printf("batch budget: %d concurrent batches across all event sources%n", options.maxConcurrency());
        try (LocalPlatform platform = LocalPlatform.start(options)) {
            ApiClient api = new ApiClient(platform.url());
            String admin = platform.issuer().token("bench-admin", true, Duration.ofHours(1));
            String sku = "BENCH-" + UUID.randomUUID().toString().substring(0, 6);
            api.call(admin, "PUT", "/products/" + sku, "{\"name\":\"bench\",\"price\":{\"amount\":100,\"currency\":\"EUR\"},\"stock\":1000000,\"shards\":8}");
            // each client's token is signed once, as an identity provider issues it for a session: signing 64 RS256 tokens
            // takes over a second of CPU here, which a burst that signed its own counted as the platform's time. Valid
            // for a day, so that a long run (a large --orders, four bursts) never meets an expired one.
            List<String> tokens = new ArrayList<>();
            for (int i = 0; i < USERS; i++) tokens.add(platform.issuer().token("bench-user-" + i, false, Duration.ofDays(1)));
            long coldBefore = warmUp(platform, api, sku, tokens);
            var before = platform.usage().operations();
            CpuLedger.Snapshot cpuBefore = CpuLedger.take(platform);
            long start = System.currentTimeMillis();
            Instant last = burst(platform, api, sku, tokens, orders);
            double e2e = orders / ((last.toEpochMilli() - start) / 1000.0);
            CpuLedger.Snapshot cpuAfter = CpuLedger.take(platform);
            var after = platform.usage().operations();
            long coldInBurst = coldStarts(platform) - coldBefore;

            Map<String, Double> perOrder = new TreeMap<>();
            after.forEach((key, counted) -> {
                String op = key.substring(key.indexOf(':') + 1);
                if (op.equals("ReceiveMessage(empty)") || op.startsWith("Create") || op.startsWith("Describe") || op.startsWith("GetQueue")) return;
                long n = counted.requests() - (before.containsKey(key) ? before.get(key).requests() : 0);
                if (n > 0) perOrder.merge(op, n / (double) orders, Double::sum);
            });
            EmulatorBound bound = new EmulatorBound(LocalAws.dynamo(platform.endpoints()), LocalAws.sqs(platform.endpoints()));
            Duration boundCpuBefore = CpuLedger.platform();
            double ceiling = bound.ordersPerSecond(perOrder, orders, 8);
            Duration boundCpu = CpuLedger.platform().minus(boundCpuBefore);
            System.out.printf("%nwhat one order cost (requests per order, measured through the metered endpoints):%n");
            perOrder.forEach((op, n) -> System.out.printf("  %-22s %6.2f%n", op, n));
            System.out.printf("%nend to end: %.1f orders/s (%d orders, from the first request to the last order terminal; %d cold starts during it;"
                    + " %d requests throttled by the route and sent again, in both bursts)%n", e2e, orders, coldInBurst, throttled.get());
            System.out.printf("emulator bound for the same operations (8 threads, straight at the emulators): %.1f orders/s%n", ceiling);
            System.out.printf("fraction of the bound: %.2f%n", e2e / ceiling);
            printCpu(CpuLedger.between(cpuBefore, cpuAfter), CpuLedger.ended(cpuBefore, cpuAfter), boundCpu, ceiling);
        }
        return 0;
    }

    /**
     * CPU per order, by process, in the measured burst, beside what the bound's replay of the same operations cost:
     * with every process sharing the machine's cores, orders per second can be no more than the cores' time over
     * the CPU one order takes, so this says which process keeps the figure where it is. The last line is the most any
     * work on the platform could give: the functions' CPU as measured, and a platform that cost no more than the
     * bound's own replay of the same operations.
     */
    private void printCpu(CpuLedger.Spent spent, long ended, Duration boundCpu, double bound) {
        System.out.printf("%nCPU per order in the measured burst (ms; the operating system's per-process CPU time):%n");
        spent.work().forEach((process, cpu) -> System.out.printf("  %-34s %6.1f%n", process, perOrder(cpu)));
        if (spent.started() > 0)
            System.out.printf("  %-34s %6.1f   (a cold start's init, not counted in its function's line)%n",
                    "init of " + spent.started() + " environment" + (spent.started() == 1 ? "" : "s") + " started", perOrder(spent.init()));
        double total = perOrder(spent.total()), cores = Runtime.getRuntime().availableProcessors();
        System.out.printf("  %-34s %6.1f   (%d processors: at most %.0f orders/s at this cost)%n", "all", total, (int) cores, cores * 1000 / total);
        System.out.printf("  %-34s %6.1f   (the bound's replay, in the platform's JVM: its SDK clients and the emulators)%n",
                "the bound, for comparison", perOrder(boundCpu));
        if (ended > 0) System.out.printf("  (%d environments ended during the burst: their CPU after it began is not counted)%n", ended);
        double functions = total - perOrder(spent.work().getOrDefault(CpuLedger.PLATFORM, Duration.ZERO));
        double best = cores * 1000 / (functions + perOrder(boundCpu));
        System.out.printf("the functions' environments took %.1f ms an order: with a platform that cost no more than the bound's replay,"
                + " at most %.0f orders/s, %.2f of the bound%n", functions, best, best / bound);
    }

    private double perOrder(Duration cpu) {
        return cpu.toNanos() / 1e6 / orders;
    }

    /**
     * Bursts as large as the measured one until a burst starts no new environment (at most {@link #WARM_UP_BURSTS}),
     * so that the figure is the warm platform's. One burst was not enough: it meets cold functions and reaches the
     * workers slowly, while the next one, accepted faster, leaves a larger backlog that asked a worker for one more
     * environment, and its cold start fell into every measured burst. The cold starts left in the measured burst are
     * printed beside the figure.
     *
     * @return the cold starts counted so far
     */
    private long warmUp(LocalPlatform platform, ApiClient api, String sku, List<String> tokens) throws Exception {
        long cold = coldStarts(platform);
        for (int i = 1; i <= WARM_UP_BURSTS; i++) {
            System.out.printf("warm-up burst %d of at most %d, %d orders (cold starts are not part of the figure)...%n", i, WARM_UP_BURSTS, orders);
            burst(platform, api, sku, tokens, orders);
            long now = coldStarts(platform);
            System.out.printf("  %d environments started%n", now - cold);
            if (now == cold) return now;
            cold = now;
        }
        return cold;
    }

    private static long coldStarts(LocalPlatform platform) {
        return platform.stats().stream().mapToLong(FunctionStats::coldStarts).sum();
    }

    /**
     * One order, as a client places it: a 429 (the route's throttle, 100/s with a burst of 200, is below what 16 warm
     * clients offer) is retried after its Retry-After; anything but a 202 ends the benchmark with what it was.
     */
    private String place(ApiClient api, String token, String sku) throws InterruptedException {
        String body = "{\"items\":[{\"sku\":\"" + sku + "\",\"quantity\":1}],\"paymentToken\":\"tok_visa\"}";
        for (int attempt = 0; attempt < 100; attempt++) {
            HttpApiEvents.Response r = api.call(token, "POST", "/orders", body);
            if (r.status() == 202) return r.json().get("orderId").asText();
            if (r.status() != 429) throw new IllegalStateException("POST /orders answered " + r.status() + ": " + r.body());
            throttled.incrementAndGet();
            String retryAfter = r.header("Retry-After");
            Thread.sleep(1000L * Math.max(1, retryAfter == null ? 1 : Long.parseLong(retryAfter.trim())));
        }
        throw new IllegalStateException("POST /orders still throttled after 100 attempts");
    }

    /** Places {@code n} orders from the clients, in turn as each of the users, and waits until all are terminal; returns when the last one ended. */
    private Instant burst(LocalPlatform platform, ApiClient api, String sku, List<String> tokens, int n) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<String>> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String token = tokens.get(i % tokens.size());
            ids.add(pool.submit(() -> place(api, token, sku)));
        }
        List<String> open = new ArrayList<>();
        for (Future<String> f : ids) open.add(f.get());
        pool.shutdown();
        var ended = OrderWatch.awaitTerminal(platform.dynamo(), platform.resources().table("orders"), open, System.currentTimeMillis() + 600_000);
        if (ended.size() < open.size()) throw new IllegalStateException((open.size() - ended.size()) + " orders did not finish in 10 minutes");
        Instant last = Instant.EPOCH;
        for (var item : ended.values()) {
            Instant end = Instant.parse(item.get("updatedAt").s());
            if (end.isAfter(last)) last = end;
        }
        return last;
    }
}

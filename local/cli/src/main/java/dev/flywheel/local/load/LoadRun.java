package dev.flywheel.local.load;

import dev.flywheel.local.auth.LocalIssuer;
import dev.flywheel.local.gateway.HttpApiEvents;
import org.HdrHistogram.Histogram;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;

/**
 * Drives the platform's API with a profile, open loop: each request has an intended send time, and its latency is
 * measured from that time, so a platform that falls behind is charged for the wait (no coordinated omission).
 * Orders go to one SKU defined for the run, from a pool of users whose tokens come from the local issuer.
 */
public final class LoadRun {
    static final int USERS = 256;
    /** How long a request is sent again while a crashed platform restarts (a cold `up` takes up to about 2 minutes here). */
    static final Duration RESEND_FOR = Duration.ofMinutes(4);

    /** What the run sent and got back. Per-second arrays are indexed by the second the request was due. */
    public static final class Results {
        public final String sku;
        public final long initialStock;
        public final int seconds;
        public final AtomicLongArray offered, accepted, throttled, refused, failed;
        /** Attempts that got no answer and were sent again with their Idempotency-Key (only in a run with a crash fault). */
        public final java.util.concurrent.atomic.AtomicLong resent = new java.util.concurrent.atomic.AtomicLong();
        public final Histogram[] latencyBySecond;
        /** steady: before the spike (or the whole run for other profiles); spike: during it; after: the recovery after it. */
        public final Histogram steadyLatency = histogram(), spikeLatency = histogram(), afterSpikeLatency = histogram();
        /** orderId → the user who placed it, for every 202 (duplicates map to the same id). */
        public final Map<String, String> orders = new ConcurrentHashMap<>();
        public final Map<String, Long> acceptedAtMillis = new ConcurrentHashMap<>();
        public final List<String> violations = new CopyOnWriteArrayList<>();
        public long startMillis;

        Results(String sku, long initialStock, int seconds) {
            this.sku = sku;
            this.initialStock = initialStock;
            this.seconds = seconds;
            offered = new AtomicLongArray(seconds);
            accepted = new AtomicLongArray(seconds);
            throttled = new AtomicLongArray(seconds);
            refused = new AtomicLongArray(seconds);
            failed = new AtomicLongArray(seconds);
            latencyBySecond = new Histogram[seconds];
            for (int i = 0; i < seconds; i++) latencyBySecond[i] = histogram();
        }

        static Histogram histogram() {
            return new Histogram(TimeUnit.MINUTES.toMicros(10), 3);
        }

        public long total(AtomicLongArray a) {
            long sum = 0;
            for (int i = 0; i < a.length(); i++) sum += a.get(i);
            return sum;
        }
    }

    private record Sent(String user, String key, String body, String orderId) {}

    private final RunningPlatform platform;
    private final LoadProfile profile;
    private final RequestMix mix;
    private final int clients;
    private final boolean resendUnanswered;
    private final String[] users = new String[USERS];
    private final String[] tokens = new String[USERS];
    private final List<Sent> goodSent = new CopyOnWriteArrayList<>();

    /**
     * @param resendUnanswered send a request again, with its Idempotency-Key, while the platform gives no answer (for
     *                         a run that crashes it on purpose); otherwise no answer counts as a failure
     */
    LoadRun(RunningPlatform platform, LocalIssuer issuer, LoadProfile profile, RequestMix mix, int clients, boolean resendUnanswered) {
        this.platform = platform;
        this.resendUnanswered = resendUnanswered;
        this.profile = profile;
        this.mix = mix;
        this.clients = clients;
        String run = UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < USERS; i++) {
            users[i] = "load-" + run + "-" + i;
            tokens[i] = issuer.token(users[i], false, Duration.ofHours(2));
        }
        adminToken = issuer.token("load-admin-" + run, true, Duration.ofHours(2));
        sku = "LOAD-" + run;
    }

    private final String adminToken;
    private final String sku;

    /** Defines the run's product, then offers the profile's requests; {@code progress} is told of each one answered. */
    /**
     * @param warmupSeconds seconds at the base rate before the measured run: their orders are checked like the others,
     *                      but their latencies and rates are left out (they carry the cold starts)
     */
    Results run(long stock, int shards, int warmupSeconds, LongConsumer progress, Runnable atStart) throws InterruptedException {
        HttpApiEvents.Response product = platform.api().call(adminToken, "PUT", "/products/" + sku,
                "{\"name\":\"Load test " + sku + "\",\"price\":{\"amount\":1000,\"currency\":\"EUR\"},\"stock\":" + stock + ",\"shards\":" + shards + "}");
        if (product.status() != 200) throw new IllegalStateException("could not define the product: " + product.status() + " " + product.body());
        Results results = new Results(sku, stock, profile.durationSeconds());
        ExecutorService pool = Executors.newFixedThreadPool(clients, r -> {
            Thread t = new Thread(r, "load-client");
            t.setDaemon(true);
            return t;
        });
        java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
        long warmStart = System.nanoTime();
        int warmRate = (int) Math.max(1, Math.round(profile.baseRate()));
        for (int second = 0; second < warmupSeconds; second++) {
            for (int i = 0; i < warmRate; i++) {
                long intended = warmStart + TimeUnit.SECONDS.toNanos(second) + TimeUnit.SECONDS.toNanos(1) * i / warmRate;
                long wait = intended - System.nanoTime();
                if (wait > 0) LockSupport.parkNanos(wait);
                inFlight.incrementAndGet();
                pool.execute(() -> {
                    try {
                        send(results, -1, intended);
                    } finally {
                        inFlight.decrementAndGet();
                        progress.accept(1);
                    }
                });
            }
        }
        for (long until = System.currentTimeMillis() + 120_000; inFlight.get() > 0 && System.currentTimeMillis() < until; ) Thread.sleep(50);

        long start = System.nanoTime();
        results.startMillis = System.currentTimeMillis();
        atStart.run();
        for (int second = 0; second < profile.durationSeconds(); second++) {
            int n = (int) Math.round(profile.rateAt(second));
            for (int i = 0; i < n; i++) {
                long intended = start + TimeUnit.SECONDS.toNanos(second) + TimeUnit.SECONDS.toNanos(1) * i / Math.max(1, n);
                long wait = intended - System.nanoTime();
                if (wait > 0) LockSupport.parkNanos(wait);
                int s = second;
                pool.execute(() -> {
                    send(results, s, intended);
                    progress.accept(1);
                });
            }
        }
        pool.shutdown();
        if (!pool.awaitTermination(5, TimeUnit.MINUTES)) results.violations.add("requests still unanswered 5 minutes after the last was due");
        return results;
    }

    /** @param second the second of the measured run the request was due in, or -1 for a warm-up request (not counted) */
    private void send(Results r, int second, long intendedNanos) {
        boolean measured = second >= 0;
        if (measured) r.offered.incrementAndGet(second);
        RequestMix.Kind kind = mix.next();
        int u = ThreadLocalRandom.current().nextInt(USERS);
        Sent repeat = null;
        if (kind == RequestMix.Kind.DUPLICATE) {
            if (goodSent.isEmpty()) kind = RequestMix.Kind.GOOD;
            else repeat = goodSent.get(ThreadLocalRandom.current().nextInt(goodSent.size()));
        }
        String user = repeat != null ? repeat.user() : users[u];
        String token = repeat != null ? tokens[indexOf(repeat.user())] : tokens[u];
        String key = repeat != null ? repeat.key() : "load-" + UUID.randomUUID();
        String body = switch (kind) {
            case GOOD -> order("tok_visa");
            case DECLINED -> order("tok_declined");
            case DUPLICATE -> repeat.body();
            case MALFORMED -> "{\"items\": [{\"sku\": \"" + sku + "\", \"quantity\": 1}";
        };
        HttpApiEvents.Response response;
        long giveUp = System.currentTimeMillis() + RESEND_FOR.toMillis();
        while (true) {
            try {
                response = platform.api().call(token, "POST", "/orders", body, Map.of("Idempotency-Key", key));
                break;
            } catch (IllegalStateException e) {
                if (resendUnanswered && System.currentTimeMillis() < giveUp) {
                    r.resent.incrementAndGet();
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(500));
                    continue;
                }
                if (measured) r.failed.incrementAndGet(second);
                else r.violations.add("a warm-up request got no answer: " + e.getMessage());
                return;
            }
        }
        long micros = Math.max(1, (System.nanoTime() - intendedNanos) / 1000);
        if (measured) {
            r.latencyBySecond[second].recordValue(Math.min(micros, TimeUnit.MINUTES.toMicros(10)));
            Histogram phase = profile.inSpike(second) ? r.spikeLatency
                    : profile.kind() == LoadProfile.Kind.SPIKE && second >= profile.spikeStart() ? r.afterSpikeLatency : r.steadyLatency;
            phase.recordValue(Math.min(micros, TimeUnit.MINUTES.toMicros(10)));
        }
        int status = response.status();
        if (status == 202) {
            if (measured) r.accepted.incrementAndGet(second);
            String orderId = response.json().get("orderId").asText();
            r.orders.put(orderId, user);
            r.acceptedAtMillis.putIfAbsent(orderId, System.currentTimeMillis());
            if (kind == RequestMix.Kind.MALFORMED) r.violations.add("a malformed body was accepted: " + orderId);
            if (repeat != null && repeat.orderId() != null && !repeat.orderId().equals(orderId))
                r.violations.add("a duplicate request made a second order: " + repeat.orderId() + " and " + orderId);
            if (kind == RequestMix.Kind.GOOD) goodSent.add(new Sent(user, key, body, orderId));
        } else if (!measured) {
            if (status != 429 && (status >= 500 || kind != RequestMix.Kind.MALFORMED)) r.violations.add("warm-up " + kind + " request answered " + status);
        } else if (status == 429) {
            r.throttled.incrementAndGet(second);
        } else if (status >= 500) {
            r.failed.incrementAndGet(second);
        } else {
            r.refused.incrementAndGet(second);
            if (kind != RequestMix.Kind.MALFORMED) r.violations.add(kind + " request refused with " + status + ": " + response.body());
        }
    }

    private int indexOf(String user) {
        return Integer.parseInt(user.substring(user.lastIndexOf('-') + 1));
    }

    private String order(String paymentToken) {
        return "{\"items\":[{\"sku\":\"" + sku + "\",\"quantity\":1}],\"paymentToken\":\"" + paymentToken + "\"}";
    }

    static List<Long> percentiles(Histogram h) {
        List<Long> p = new ArrayList<>();
        for (double q : new double[] {50, 95, 99}) p.add(h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(q) / 1000);
        p.add(h.getTotalCount() == 0 ? 0 : h.getMaxValue() / 1000);
        return p;
    }
}

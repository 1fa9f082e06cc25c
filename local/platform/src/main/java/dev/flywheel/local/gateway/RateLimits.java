package dev.flywheel.local.gateway;

import dev.flywheel.topology.RouteSpec;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The topology's throttles, one token bucket per route shared by every client, as the HTTP API's stage route
 * settings are ({@code ThrottlingRateLimit}, {@code ThrottlingBurstLimit}): {@code burst} tokens refilled at
 * {@code ratePerSecond}. A request without a token gets 429 with the seconds until the next one as Retry-After.
 * Buckets come from Bucket4j.
 */
public final class RateLimits {
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    /** @return 0 when the request may pass, else the seconds to wait (for Retry-After, at least 1) */
    public long tryAcquire(RouteSpec route) {
        Bucket bucket = buckets.computeIfAbsent(route.routeKey(), k -> bucketFor(route.throttle()));
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) return 0;
        return Math.max(1, (long) Math.ceil(probe.getNanosToWaitForRefill() / 1e9));
    }

    private static Bucket bucketFor(RouteSpec.Throttle throttle) {
        // refill one token every 1/rate seconds ("greedy"), so steady traffic at the rate never sees a 429
        long nanosPerToken = Math.max(1, Math.round(1e9 / throttle.ratePerSecond()));
        return Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(throttle.burst()).refillGreedy(1, Duration.ofNanos(nanosPerToken)).build())
                .build();
    }
}

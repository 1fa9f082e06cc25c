package dev.flywheel.kit.retry;

import java.time.Duration;

/** Exponential backoff for a retried message: a policy, so domain code may use it without knowing about queues. */
public final class Backoff {
    private Backoff() {}

    /** base × 2^(attempt-1), capped: 1 s, 2 s, 4 s, ... for base 1 s. */
    public static Duration exponential(Duration base, int attempt, Duration cap) {
        int exponent = Math.max(0, Math.min(attempt - 1, 20));
        Duration delay = base.multipliedBy(1L << exponent);
        return delay.compareTo(cap) > 0 ? cap : delay;
    }
}

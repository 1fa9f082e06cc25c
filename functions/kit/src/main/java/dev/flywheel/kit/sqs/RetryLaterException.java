package dev.flywheel.kit.sqs;

import java.time.Duration;

/**
 * A transient failure (a dependency down, a circuit open): the message comes back after {@code delay}
 * instead of the queue's full visibility timeout.
 */
public class RetryLaterException extends RuntimeException {
    private final Duration delay;

    public RetryLaterException(String reason, Duration delay, Throwable cause) {
        super(reason, cause);
        this.delay = delay;
    }

    public Duration delay() { return delay; }

    /** base × 2^(receiveCount-1), capped: 1 s, 2 s, 4 s, ... for base 1 s. */
    public static Duration backoff(Duration base, int receiveCount, Duration cap) {
        int exponent = Math.max(0, Math.min(receiveCount - 1, 20));
        Duration delay = base.multipliedBy(1L << exponent);
        return delay.compareTo(cap) > 0 ? cap : delay;
    }
}

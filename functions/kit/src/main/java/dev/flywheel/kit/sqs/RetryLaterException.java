package dev.flywheel.kit.sqs;

import java.time.Duration;

/**
 * A transient failure (a dependency down, a circuit open): the message comes back after {@code delay}
 * instead of the queue's full visibility timeout ({@link dev.flywheel.kit.retry.Backoff} computes one).
 */
public class RetryLaterException extends RuntimeException {
    private final Duration delay;

    public RetryLaterException(String reason, Duration delay, Throwable cause) {
        super(reason, cause);
        this.delay = delay;
    }

    public Duration delay() { return delay; }
}

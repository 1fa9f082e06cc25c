package dev.flywheel.kit.envelope;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.flywheel.kit.observability.XRayTrace;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One stop on a message's path: which service handled it, when it started, when it handed on, and the X-Ray trace
 * of the invocation that did it ({@code 1-5f8a…}), so that an order's hop timeline and the traces in X-Ray point at
 * each other: each hop names the trace to open, and each trace is linked through SQS to the hop before it. Null when
 * the invocation had no trace (outside Lambda) and in messages written before hops carried it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Hop(String service, Instant receivedAt, Instant finishedAt, String traceId) {
    public Hop {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(finishedAt, "finishedAt");
    }

    /** A hop without a trace (tests, fixtures). */
    public Hop(String service, Instant receivedAt, Instant finishedAt) {
        this(service, receivedAt, finishedAt, null);
    }

    /** This invocation's hop: its trace id is the running invocation's, if it has one. */
    public static Hop ofThisInvocation(String service, Instant receivedAt, Instant finishedAt) {
        return new Hop(service, receivedAt, finishedAt, XRayTrace.currentTraceId().orElse(null));
    }

    public Duration duration() { return Duration.between(receivedAt, finishedAt); }
}

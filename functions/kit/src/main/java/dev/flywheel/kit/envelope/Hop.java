package dev.flywheel.kit.envelope;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/** One stop on a message's path: which service handled it, when it started, when it handed on. */
public record Hop(String service, Instant receivedAt, Instant finishedAt) {
    public Hop {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(finishedAt, "finishedAt");
    }

    public Duration duration() { return Duration.between(receivedAt, finishedAt); }
}

package dev.flywheel.payments.domain;

import java.time.Duration;

/** The provider cannot answer now; {@code retryAfter} is the earliest a retry makes sense (zero: at once). */
public class ProviderUnavailableException extends RuntimeException {
    private final Duration retryAfter;

    public ProviderUnavailableException(String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() { return retryAfter; }
}
